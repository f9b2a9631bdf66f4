export FAC_API_KEY="your-api-key-here"
python3 cli/streaming_client.py "Build a REST API with JWT authentication"
