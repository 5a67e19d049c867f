"""Minimale Lambda-Funktion in Python.

Runtime: python3.14 – Handler: handler.lambda_handler (Datei handler.py, Funktion lambda_handler)
"""


def lambda_handler(event, context):
    # event: die Eingabe als dict (aus JSON), context: Infos zum Aufruf
    name = event.get("name", "Welt")
    print(f"Anfrage {context.aws_request_id}")  # landet in Amazon CloudWatch Logs
    return {"message": f"Hallo, {name}!"}
