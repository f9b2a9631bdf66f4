# The document's Event Flow Example as a call: claude-sonnet-4-5-20250929 for the python-expert agent, streamed
curl -sN http://localhost:8000/api/v1/gateway/anthropic/v1/messages \
  -H "x-api-key: $GATEWAY_KEY" -H "anthropic-version: 2023-06-01" -H "Content-Type: application/json" \
  -H "X-Parley-Agent: python-expert" \
  -d '{"model":"claude-sonnet-4-5-20250929","max_tokens":200,"stream":true,"messages":[{"role":"user","content":"def hello():"}]}'
