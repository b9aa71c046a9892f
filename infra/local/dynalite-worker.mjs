// Runs dynalite (DynamoDB's API on LevelDB) in its own thread, so the database and the services
// use both cores. Plain JavaScript: a worker thread does not inherit a TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';
import { meterDynalite } from './dynalite-metering.mjs';

// What each call is billed on goes to the platform in batches, not one message per call.
let facts = [];
const sendFacts = () => {
  if (facts.length > 0) parentPort.postMessage({ facts });
  facts = [];
};
meterDynalite((fact) => facts.push(fact));
setInterval(sendFacts, 100).unref();

const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message === 'close') server.close(() => parentPort.postMessage({ closed: true }));
  if (message === 'flush-facts') {
    sendFacts();
    parentPort.postMessage({ flushed: true });
  }
});
