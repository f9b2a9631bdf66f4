# Simple task
python3 cli/streaming_client.py "Write a function to sort a list"

# Complex task with context
python3 cli/streaming_client.py "Build a microservice" '{"language": "python", "frameworks": ["fastapi"]}'
