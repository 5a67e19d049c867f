"""Lambda-Funktion hinter einer HTTP API von Amazon API Gateway.

Lambda-Proxy-Integration, Payload-Format 2.0: Das Event beschreibt die
HTTP-Anfrage, der Rückgabewert beschreibt die HTTP-Antwort.
"""
import json


def lambda_handler(event, context):
    params = event.get("queryStringParameters") or {}
    name = params.get("name", "Welt")
    body = {
        "message": f"Hallo, {name}!",
        "method": event["requestContext"]["http"]["method"],
        "path": event["rawPath"],
    }
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
    }
