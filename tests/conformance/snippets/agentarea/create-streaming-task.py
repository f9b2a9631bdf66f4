import requests

# Create task with streaming enabled
task_data = {
    "description": "Explain quantum computing",
    "user_id": "user123",
    "task_parameters": {
        "enable_streaming": True,
        "model": "gpt-4"
    }
}

response = requests.post(
    "http://localhost:8000/api/v1/agents/{agent_id}/tasks",
    json=task_data
)
task_id = response.json()["id"]

# Execute with streaming
execute_data = {
    "query": "Explain quantum computing in simple terms",
    "enable_streaming": True
}

requests.post(
    f"http://localhost:8000/api/v1/agents/{agent_id}/tasks/{task_id}/execute",
    json=execute_data
)
