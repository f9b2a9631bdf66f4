#!/usr/bin/env python3
"""Facilitair's streaming CLI client, as its document describes it, in standard-library Python.

The Facilitair document ("Streaming Consensus Implementation Summary") runs

    export FAC_API_KEY="your-api-key"
    python cli/streaming_client.py "Build a REST API with JWT auth"
    python3 cli/streaming_client.py "Build a microservice" '{"language": "python", "frameworks": ["fastapi"]}'

against `POST /api/stream/task` and `GET /api/stream/events/{stream_id}`. Point it at Parley with
FACILITAIR_API_BASE (default http://localhost:8000, the document's). FAC_API_KEY is sent as a bearer
token: a Parley API key (pk_...) acts as its owner; any other value is ignored by Parley. The document's
client draws a Rich dashboard; this one prints the same events as lines, so it needs nothing installed.
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request

def api_base():
    return os.environ.get("FACILITAIR_API_BASE", "http://localhost:8000").rstrip("/")


def headers(api_key, extra=None):
    h = {"Authorization": "Bearer " + api_key}
    h.update(extra or {})
    return h


def create_stream(api_key, task, context):
    body = {"task": task}
    if context is not None:
        body["context"] = context
    request = urllib.request.Request(
        api_base() + "/api/stream/task",
        data=json.dumps(body).encode(),
        headers=headers(api_key, {"Content-Type": "application/json"}),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["stream_id"]


def sse_events(response):
    """Yields (event, data, id) from an SSE body: `event:` and `data:` fields, a blank line ends an event."""
    event, data, last_id = "message", [], None
    for raw in response:
        line = raw.decode("utf-8").rstrip("\r\n")
        if line == "":
            if data:
                yield event, "\n".join(data), last_id
            event, data = "message", []
        elif line.startswith(":"):
            continue
        else:
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "event":
                event = value
            elif field == "data":
                data.append(value)
            elif field == "id":
                last_id = value


class Display:
    def __init__(self):
        self.agent = None
        self.chunks = 0
        self.tokens = 0

    def handle(self, event, data):
        """Prints one event; returns True when the task is over."""
        if event == "task_started":
            print("Task started (stream %s)" % data.get("stream_id"), flush=True)
        elif event == "task_progress":
            print("\nProgress: %s/%s (%s%%)  est. cost $%.4f" % (
                data.get("completed_steps"), data.get("total_steps"), data.get("percent"), data.get("cost_usd") or 0), flush=True)
        elif event == "chunk_started":
            self.agent = data.get("agent", "Agent")  # Architect, Coder, Reviewer, Refiner, Documenter
            self.chunks += 1
            print("\n=== %s ===" % self.agent, flush=True)
        elif event == "token_stream":
            self.tokens += 1
            sys.stdout.write(data.get("tokens", ""))
            sys.stdout.flush()
        elif event == "chunk_completed":
            print("\n--- %s done (%s tokens)" % (data.get("agent", self.agent), data.get("tokens")), flush=True)
        elif event == "task_completed":
            print("\n\nFinal result:\n%s" % data.get("result", ""), flush=True)
            return True
        elif event == "task_error":
            print("\nError: %s" % (data.get("message") or data.get("error")), file=sys.stderr, flush=True)
            raise SystemExit(1)
        elif event == "system_message":
            print("\n[system] %s" % data.get("message"), flush=True)
        return False


def follow(api_key, stream_id):
    display = Display()
    last_id = None
    for attempt in range(20):
        extra = {"Accept": "text/event-stream"}
        if last_id:
            extra["Last-Event-ID"] = last_id
        request = urllib.request.Request(api_base() + "/api/stream/events/" + stream_id, headers=headers(api_key, extra))
        with urllib.request.urlopen(request, timeout=60) as response:
            for event, data, event_id in sse_events(response):
                last_id = event_id or last_id
                if event == "heartbeat":
                    continue
                if display.handle(event, json.loads(data)):
                    print("\n%d agents, %d token events" % (display.chunks, display.tokens))
                    return
        time.sleep(1)  # the stream ended before the task did (a server's time limit): resume from last_id
    raise SystemExit("The stream kept ending before the task finished")


def main(argv):
    api_key = os.environ.get("FAC_API_KEY")
    if not api_key:
        print("Error: FAC_API_KEY environment variable not set", file=sys.stderr)
        return 1
    if len(argv) < 2:
        print('Usage: python cli/streaming_client.py "task" [context-json]', file=sys.stderr)
        return 2
    context = json.loads(argv[2]) if len(argv) > 2 else None
    try:
        stream_id = create_stream(api_key, argv[1], context)
        print("Stream created: %s" % stream_id, flush=True)
        follow(api_key, stream_id)
    except urllib.error.HTTPError as error:
        print("HTTP %d: %s" % (error.code, error.reason), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
