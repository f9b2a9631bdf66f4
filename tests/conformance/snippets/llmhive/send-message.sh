curl -X POST https://api.llmhive.ai/api/v1/collaborate/{session_id}/messages \
  -H 'Content-Type: application/json' \
  -H 'X-User-ID: alice' \
  -d '{
    "content": "Hello everyone!",
    "message_type": "user"
  }'
