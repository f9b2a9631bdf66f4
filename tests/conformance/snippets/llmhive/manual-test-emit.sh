curl http://localhost:8000/api/v1/events/orchestration/test-session/test
