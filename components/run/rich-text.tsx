import { Markdown } from "@/components/ui/markdown";

/** An agent's output (or a run's summary) as Markdown; a fence still streaming renders as code to the end. */
export function RichText({ text }: { text: string }) {
  return <Markdown text={text} />;
}
