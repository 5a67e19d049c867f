"""Eine winzige Web-App für das erste Docker Image.

Sie beantwortet jede GET-Anfrage mit einer kurzen Begrüßung und nennt dabei
den Rechnernamen. In einem Container ist das die (gekürzte) Container-ID.
Außer der Python-Standardbibliothek braucht sie nichts.
"""

import os
import signal
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("PORT", "8000"))


class Begruessung(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"Hallo aus dem Container {socket.gethostname()}!\n".encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def beenden(signum, frame):
    # `docker stop` schickt SIGTERM. Als Prozess 1 im Container würde Python
    # dieses Signal ohne eigenen Handler ignorieren und erst nach 10 Sekunden
    # hart beendet (SIGKILL).
    sys.exit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, beenden)
    # 0.0.0.0 statt 127.0.0.1: Nur so ist der Server auch von außerhalb
    # des Containers erreichbar.
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Begruessung)
    print(f"Server läuft auf Port {PORT}")
    server.serve_forever()
