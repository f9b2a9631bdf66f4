import { Notice } from "@/components/session/notice";

export default function SessionNotFound() {
  return (
    <Notice title="Session not found">
      It may have been deleted, or it is private and you are not in it. Ask its owner for an invite link.
    </Notice>
  );
}
