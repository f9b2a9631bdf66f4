import { Notice } from "@/components/session/notice";

export default function NotFound() {
  return <Notice title="Page not found">There is nothing at this address.</Notice>;
}
