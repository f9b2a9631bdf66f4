curl -X POST https://api.llmhive.ai/api/v1/collaborate/join \
  -H 'Content-Type: application/json' \
  -H 'X-User-ID: bob' \
  -d '{
    "invite_token": "abc123...",
    "display_name": "Bob"
  }'
