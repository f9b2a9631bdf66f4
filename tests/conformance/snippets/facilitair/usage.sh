export FAC_API_KEY="your-api-key"
python cli/streaming_client.py "Build a REST API with JWT auth"
