// A browser-like Server-Sent Events consumer for the tests: the `eventsource` package from npm (the WHATWG
// EventSource for Node), not our code. Prints one line per message, "<lastEventId> <data>", and exits after COUNT
// messages; prints "error <status>" and exits 2 when the server refuses the connection.
//
//   node eventsource-client.mjs URL COUNT [LAST_EVENT_ID]
//
// LAST_EVENT_ID is sent as the Last-Event-ID header, as EventSource itself does when it reconnects.
import { EventSource } from 'eventsource';

const [url, count, lastEventId] = process.argv.slice(2);
const options = lastEventId
  ? { fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, 'Last-Event-ID': lastEventId } }) }
  : {};
const source = new EventSource(url, options);
let seen = 0;
source.onopen = () => console.log('open');
source.onmessage = (event) => {
  console.log(`${event.lastEventId} ${event.data}`);
  if (++seen >= Number(count)) {
    source.close();
    process.exit(0);
  }
};
source.onerror = (event) => {
  console.log(`error ${event.code ?? ''}`.trim());
  if (source.readyState === EventSource.CLOSED) process.exit(2);
};
