#!/usr/bin/env python3
"""Stream a run from your own Python agents into Parley — standard library only, nothing to install.

    PARLEY_URL=http://localhost:3000 PARLEY_API_KEY=pk_... python3 examples/python_producer.py "Plan the migration"

The key needs the `runs` scope (`npm run apikey -- --name me --scope runs`). The script starts an external
run, plays two agents (a Planner who calls a tool, a Writer), streams their words as tokens, keeps a shared
state, and honours what people do on the run page: pause waits for resume, cancel ends the run, notes are
read into the next turn. It prints the run's URL first, so you can watch it live.
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request

SERVER = os.environ.get("PARLEY_URL", "http://localhost:3000").rstrip("/")
KEY = os.environ.get("PARLEY_API_KEY", "")
PACE_S = float(os.environ.get("PACE_S", "0.05"))


class Cancelled(Exception):
    """People cancelled the run on the page."""


class Parley:
    def __init__(self, server, key):
        self.server = server
        self.key = key
        self.run_id = None
        self.controls_after = None  # our place in the run's controls
        self.paused = False
        self.cancelled = False
        self.notes = []

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.server + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.key)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            detail = json.loads(error.read() or b"{}").get("error", {})
            raise SystemExit(f"Parley said {error.code} {detail.get('code')}: {detail.get('message')}") from None

    def start(self, task, agents):
        created = self.call("POST", "/api/v1/runs", {"source": "external", "task": task, "agents": agents})
        self.run_id = created["run_id"]
        return created

    def send(self, *events):
        """Posts events (an empty call is a heartbeat) and takes in what people asked meanwhile."""
        query = f"?controls_after={self.controls_after}" if self.controls_after else ""
        answer = self.call("POST", f"/api/v1/runs/{self.run_id}/events{query}", {"events": list(events)})
        controls = answer["controls"]
        self.controls_after = controls["cursor"]
        for control in controls["events"]:
            kind = control["type"]
            if kind == "control.pause":
                self.paused = True
            elif kind == "control.resume":
                self.paused = False
            elif kind == "control.cancel":
                self.cancelled = True
            elif kind == "control.note":
                self.notes.append(control["data"])
        return answer

    def checkpoint(self):
        """Between steps: stop if cancelled, wait (with heartbeats) while paused."""
        if self.paused:
            self.send({"type": "run.paused", "data": {}})
            while self.paused and not self.cancelled:
                time.sleep(1)
                self.send()
            if not self.cancelled:
                self.send({"type": "run.resumed", "data": {}})
        if self.cancelled:
            raise Cancelled()

    def turn(self, turn_id, agent, model, text):
        """One agent's turn: started, its words streamed a few at a time, completed."""
        self.checkpoint()
        notes = [n for n in self.notes if n["to"] in (None, agent)]
        if notes:
            text += " (Noted: " + "; ".join(n["content"] for n in notes) + ")"
        self.send({"type": "agent.turn_started", "data": {"turn_id": turn_id, "agent": agent, "model": model}})
        words = text.split(" ")
        for i in range(0, len(words), 3):
            piece = " ".join(words[i : i + 3]) + (" " if i + 3 < len(words) else "")
            self.send({"type": "agent.token", "data": {"turn_id": turn_id, "text": piece}})
            time.sleep(PACE_S)
        self.send({"type": "agent.turn_completed", "data": {"turn_id": turn_id}})


def main():
    if not KEY:
        raise SystemExit("Set PARLEY_API_KEY to a key with the runs scope (npm run apikey -- --name me --scope runs)")
    task = sys.argv[1] if len(sys.argv) > 1 else "Plan the database migration"
    parley = Parley(SERVER, KEY)
    parley.start(
        task,
        [
            {"name": "Planner", "role": "plans the work", "model": "gpt-4o-mini"},
            {"name": "Writer", "role": "writes it up", "model": "gpt-4o-mini"},
        ],
    )
    print(f"Watch it: {SERVER}/runs/{parley.run_id}", flush=True)
    try:
        parley.send({"type": "run.state", "data": {"state": {"phase": "planning", "steps": []}}})
        parley.turn("plan", "Planner", "gpt-4o-mini", f"To {task.lower()}: back up, migrate in batches, verify counts.")
        parley.send(
            {"type": "tool.invoked", "data": {"call_id": "c1", "tool": "row_count", "input": {"table": "orders"}, "turn_id": "plan"}},
            {"type": "tool.result", "data": {"call_id": "c1", "success": True, "output_preview": "1,204,331 rows"}},
            {"type": "run.state", "data": {"patch": [{"op": "replace", "path": "/phase", "value": "writing"}]}},
        )
        parley.turn("write", "Writer", "gpt-4o-mini", "Migration plan: three steps, one rollback point, done by Friday.")
        parley.checkpoint()
        parley.send({"type": "run.completed", "data": {"summary": "A three-step migration plan."}})
        print(f"Completed: {SERVER}/runs/{parley.run_id}")
    except Cancelled:
        parley.send({"type": "run.cancelled", "data": {"reason": "Cancelled by the people watching"}})
        print("Cancelled on the page.")


if __name__ == "__main__":
    main()
