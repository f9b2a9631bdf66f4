# Parley's side of cc-orchestra's "Subscriber Pattern": follow the gateway's stream events
curl -sN http://localhost:8000/api/v1/channels/gateway/stream -H "Authorization: Bearer $WATCH_KEY"
