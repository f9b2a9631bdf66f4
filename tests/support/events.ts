// Events a test received, typed by their schemas (lib/events/schemas.ts) instead of cast.
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent, type BuiltinEvent, type BuiltinEventType, type EventOf } from "@/lib/events/schemas";

const isOfType = <T extends BuiltinEventType>(event: BuiltinEvent, type: T): event is EventOf<T> => event.type === type;

/** The received events of `type`, in order, typed; an event of that type whose data breaks its schema fails the test. */
export function eventsOf<T extends BuiltinEventType>(envelopes: Envelope[], type: T): EventOf<T>[] {
  return envelopes
    .filter((envelope) => envelope.type === type)
    .map((envelope) => {
      const event = asBuiltinEvent(envelope);
      if (!event || !isOfType(event, type))
        throw new Error(`${type} ${envelope.id} does not match its schema: ${JSON.stringify(envelope.data)}`);
      return event;
    });
}
