const eventSource = new EventSource('/api/v1/agents/{agent_id}/tasks/{task_id}/events/stream');

eventSource.onmessage = (event) => {
    const data = JSON.parse(event.data);
    console.log('Received event:', event.type, data);
};

// Listen for specific events
eventSource.addEventListener('WorkflowLLMCallStarted', (event) => {
    const data = JSON.parse(event.data);
    console.log('LLM call started:', data.model, data.estimated_cost);
});
