import { Notice } from "@/components/session/notice";

export default function RunNotFound() {
  return <Notice title="Run not found">It may belong to a private session you are not in.</Notice>;
}
