// A task repeated on a timer, one run at a time: the next run is scheduled when the previous one has
// settled, so a slow database never piles polls on top of each other.

/**
 * Runs `task` every `ms` (the first time after `ms`) until the returned function is called. The task
 * handles its own errors; one that escapes is logged and the repetition goes on.
 */
export function pollEvery(ms: number, task: () => Promise<void>, options: { name: string; unref?: boolean }): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    timer = setTimeout(async () => {
      try {
        await task();
      } catch (error) {
        console.error(`${options.name} failed`, error);
      }
      if (!stopped) schedule();
    }, ms);
    if (options.unref) timer.unref?.();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
