import json

# ANCHOR: handler
def handler(event, context):
    # ANCHOR: body
    return {"statusCode": 200, "body": json.dumps(event)}
    # ANCHOR_END: body
# ANCHOR_END: handler
