// Where a command writes: stdout for what it was asked for, stderr for status and questions.
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}
