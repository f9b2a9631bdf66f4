import requests

sse_url = f"http://localhost:8000/api/v1/agents/{agent_id}/tasks/{task_id}/events/stream"

with requests.get(sse_url, stream=True) as response:
    for line in response.iter_lines():
        if line:
            print(line.decode('utf-8'))
