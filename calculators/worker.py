"""The browser worker's Python side: one typed message in, typed messages out.

docs/assets/js/calculator-worker.js starts Pyodide, makes a `Worker` from the
edition's data JSON and then only moves messages between the page and
`Worker.handle`. Every message between the page, the worker script and this
module has one of these shapes (this docstring is where they are declared):

Page to worker:

- ``{"type": "run", "id": int, "calculator": str, "params": {...}}``: run a
  calculator on raw params. For ``"batch"`` (the prioritise page) the params
  are a `ranking_session.Session` request; a chosen file travels as
  ``params.file`` (a File), whose bytes the worker script hands to `handle`
  beside the message (``data``): Python decodes them into ``params.csv`` by
  the command line's rule (csv_text), never the browser.

Worker to page:

- ``{"type": "status", "stage": "runtime" | "package" | "data", "message": str}``:
  start-up progress, sent by the worker script before Python runs.
- ``{"type": "ready"}``: calculators can run.
- ``{"type": "error", "message": str}``: the runtime could not start.
- ``{"type": "progress", "id": int, "done": int, "total": int}``: a long run's
  progress (batch scoring), made here.
- ``{"type": "result", "id": int, "result": {...}}``: the answer to run
  message ``id``: exactly what `registry.run` returns (or
  `ranking_session.Session.handle` for batch), made here.

Standard library only, and the internal batch modules are imported on first
use, so the public wheel (which leaves them out) carries this module too.
"""

from __future__ import annotations

import json
from importlib.util import find_spec
from typing import Any, Callable, Optional

from . import registry
from .loader import playbook_from_json
from .model import Playbook

BATCH = "batch"
"""The calculator name the prioritise page sends; answered by ranking_session.Session."""

Post = Callable[[str], Any]
"""Sends one worker-to-page message, as JSON text."""


def result_message(message_id: Any, result: dict) -> str:
    """The "result" message answering run message `message_id`."""
    return json.dumps({"type": "result", "id": message_id, "result": result})


def progress_message(message_id: Any, done: int, total: int) -> str:
    """The "progress" message of run message `message_id`."""
    return json.dumps({"type": "progress", "id": message_id, "done": done, "total": total})


def _failed(calculator: Any, field: str, message: str) -> dict:
    return {"ok": False, "calculator": calculator if isinstance(calculator, str) else repr(calculator),
            "errors": [{"field": field, "message": message}]}


class Worker:
    """The calculators with the edition's data, answering run messages."""

    def __init__(self, playbook: Playbook):
        self.playbook = playbook
        self._session = None

    @classmethod
    def from_json(cls, playbook_json: str) -> "Worker":
        """A worker over the data the build wrote (playbook_plugin/build_data.data_json)."""
        return cls(playbook_from_json(playbook_json))

    def warm_up(self) -> None:
        """Import and run each of the edition's calculators once, so a reader's first change is quick."""
        for calculator in registry.declarations():
            registry.run(calculator.name, {}, self.playbook)

    def handle(self, message_json: str, post: Optional[Post] = None, data: Any = None) -> str:
        """Answer one run message (JSON text) with its result message (JSON text).

        `post` receives progress messages while a long run goes on. Never
        raises: a malformed message or a calculator's bug is a result whose
        error says so, in words.
        """
        try:
            message = json.loads(message_json)
        except (TypeError, ValueError):
            return result_message(None, _failed("", "", "The calculator got a message it cannot read."))
        if not isinstance(message, dict) or message.get("type") != "run":
            kind = message.get("type") if isinstance(message, dict) else None
            return result_message(message.get("id") if isinstance(message, dict) else None,
                                  _failed("", "", f"The calculator got a message of unknown type {kind!r}."))
        message_id, name, params = message.get("id"), message.get("calculator"), message.get("params")
        params = {} if params is None else params
        try:
            if name == BATCH:
                if isinstance(params, dict) and (hasattr(data, "to_bytes") or isinstance(data, (bytes, bytearray))):
                    # a chosen file's bytes (a JS Uint8Array in Pyodide)
                    params = {**params, "csv": data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)}
                result = self._batch(message_id, params, post)
            else:
                result = registry.run(name, params, self.playbook)
        except Exception as error:  # noqa: BLE001  registry.run never raises for bad input: a bug, shown as one
            result = _failed(name, "", f"The calculator failed: {error}")
        return result_message(message_id, result)

    def _batch(self, message_id: Any, params: Any, post: Optional[Post]) -> dict:
        """A request of the prioritise page (internal edition only: imported on first use)."""
        if self._session is None:
            if find_spec(f"{__package__}.ranking_session") is None:  # left out of the public wheel
                return _failed(BATCH, "calculator", "batch scoring is not part of this edition")
            from .ranking_session import Session

            self._session = Session(self.playbook)
        progress = None
        if post is not None:
            progress = lambda done, total: post(progress_message(message_id, done, total))  # noqa: E731
        return self._session.handle(params, progress)


def start(playbook_json: str) -> Worker:
    """The worker script's entry point: a Worker over the edition's data JSON."""
    return Worker.from_json(playbook_json)
