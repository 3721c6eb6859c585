"""`make serve` reloads the browser under the site's Content-Security-Policy.

MkDocs' live-reload server injects an inline <script> into every page it
serves; the site's policy allows only the inline scripts it knows (their
hashes), so the browser refused it and the preview never reloaded on save.
While serving, the server injects a script *file* instead (allowed as
'self'), which polls the server the same way and reloads the page when a
newer build is visible: after a save, and after a failed build (which shows
the error page of serve_errors.py) is fixed. How it reaches into MkDocs'
server is framework.py's business.
"""

from __future__ import annotations

import html
import itertools
from pathlib import Path

from . import framework

SCRIPT_NAME = "__livereload.js"
SCRIPT = """// make serve only (playbook_plugin/live_reload.py): reload the page when the server has a newer build.
(function () {
  var script = document.currentScript;
  var epoch = Number(script.dataset.epoch), requestId = script.dataset.request, request, timer;
  function poll() {
    request = new XMLHttpRequest();
    request.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) { location.reload(); return; }
      timer = setTimeout(poll, this.status === 200 ? 0 : 3000);
    };
    request.open("GET", "/livereload/" + epoch + "/" + requestId);
    request.send();
  }
  function stop() {
    if (request) { request.abort(); }
    if (timer) { clearTimeout(timer); }
    request = timer = undefined;
  }
  window.addEventListener("load", function () { if (document.visibilityState === "visible") { poll(); } });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { poll(); } else { stop(); }
  });
  window.addEventListener("beforeunload", stop);
}());
"""


def on_serve(server, config):
    site_dir = Path(config.site_dir)
    src = html.escape(server.mount_path.rstrip("/") + "/" + SCRIPT_NAME)
    request_ids = itertools.count(1)

    def inject(content: bytes, epoch) -> bytes:
        tag = f'<script src="{src}" data-epoch="{int(epoch)}" data-request="{next(request_ids)}"></script>'
        at = content.rfind(b"</body>")
        at = len(content) if at < 0 else at
        return content[:at] + tag.encode() + content[at:]

    def writing_script(build):
        def build_then_write_script(config=None):
            try:
                build(config)
            finally:
                write_script(site_dir)
        return build_then_write_script

    write_script(site_dir)  # the first build ran before the server started
    framework.inject_into_pages(server, inject)  # MkDocs' own injects an inline script the policy blocks
    return framework.wrap_builder(server, writing_script)


def write_script(site_dir: Path) -> None:
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / SCRIPT_NAME).write_text(SCRIPT, encoding="utf-8")
