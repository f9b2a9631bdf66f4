import { Notice } from "@/components/session/notice";

export default function InviteNotFound() {
  return (
    <Notice title="This invite link is not valid">
      It may have been revoked or mistyped. Ask the session&apos;s owner for a new link.
    </Notice>
  );
}
