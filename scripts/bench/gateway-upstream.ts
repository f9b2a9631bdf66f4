// The bench's upstream in a process of its own (so it competes with neither the load nor Parley): the
// fake OpenAI server of the tests. Prints its base URL and key as one JSON line, then serves until killed.
import { startFakeOpenAI } from "../../tests/support/fake-upstreams";

const upstream = await startFakeOpenAI();
console.log(JSON.stringify({ baseUrl: upstream.baseUrl, apiKey: upstream.apiKey }));
