# Check Temporal server
temporal server start-dev

# Check API health
curl http://localhost:8000/health

# List agents
curl http://localhost:8000/api/v1/agents

# Get task status
curl http://localhost:8000/api/v1/agents/{agent_id}/tasks/{task_id}
