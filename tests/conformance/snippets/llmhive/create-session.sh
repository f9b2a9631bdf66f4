curl -X POST https://api.llmhive.ai/api/v1/collaborate \
  -H 'Content-Type: application/json' \
  -H 'X-User-ID: alice' \
  -d '{
    "title": "Team Brainstorm",
    "description": "Discussing Q1 planning",
    "is_public": true,
    "max_participants": 5
  }'
