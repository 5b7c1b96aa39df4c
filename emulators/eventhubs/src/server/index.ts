export { listenAmqp, type AmqpServer } from './amqpServer.ts';
