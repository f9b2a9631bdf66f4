const sessionId = 'session-id-here';
const es = new EventSource(`/api/v1/collaborate/${sessionId}/stream`);

es.onmessage = (e) => {
    const event = JSON.parse(e.data);
    
    switch (event.type) {
        case 'new_message':
            console.log('New message:', event.message);
            break;
        case 'participant_joined':
            console.log('User joined:', event.user_id);
            break;
        case 'participant_left':
            console.log('User left:', event.user_id);
            break;
        case 'session_deleted':
            console.log('Session was deleted');
            es.close();
            break;
    }
};
