// Connect to SSE stream
const sessionId = 'my-session-123';
const es = new EventSource(`/api/v1/events/orchestration/${sessionId}?dev_mode=true`);

// Handle orchestration events
es.addEventListener('orchestration_event', (e) => {
    const event = JSON.parse(e.data);
    console.log(`[${event.type}] ${event.message}`);
    
    if (event.details) {
        console.log('  Details:', event.details);
    }
});

// Handle keepalive
es.addEventListener('keepalive', (e) => {
    console.log('Connection alive');
});

// Handle connection events
es.onopen = () => console.log('Connected to SSE stream');
es.onerror = () => console.log('SSE error, will auto-reconnect');
