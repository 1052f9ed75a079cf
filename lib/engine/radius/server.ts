// RADIUS transport: UDP sockets for authentication and accounting that only move datagrams between the
// network and a handler. No parsing, no policy here (house style: transport apart from logic).
import dgram from "node:dgram";
import dns from "node:dns";
import net from "node:net";
import type { AddressInfo } from "node:net";

export type DatagramHandler = (
  datagram: Buffer,
  remote: { address: string; port: number },
) => Buffer | Promise<Buffer | undefined> | undefined;

export interface RadiusListenerOptions {
  host: string;
  port: number;
  handler: DatagramHandler;
  /** Socket receive buffer, bytes: bursts beyond it are lost by the kernel. Default 4 MiB. */
  receiveBufferBytes?: number;
  onError?: (error: Error) => void;
}

export interface RadiusListener {
  port: number;
  close(): Promise<void>;
}

export async function startRadiusListener(options: RadiusListenerOptions): Promise<RadiusListener> {
  const socket = dgram.createSocket({
    type: options.host.includes(":") ? "udp6" : "udp4",
    // Replies always go back to the address a request came from, an IP literal: answer the lookup dgram
    // makes before every send at once instead of through dns.lookup's deferred callback (measurable on
    // the request path at tens of thousands of replies a second).
    lookup: (address, options, callback) => {
      const literal = net.isIP(address);
      if (literal) callback(null, address, literal);
      else dns.lookup(address, options, callback);
    },
  });
  const send = (reply: Buffer | undefined, port: number, address: string) => {
    if (reply) socket.send(reply, port, address);
  };
  socket.on("message", (datagram, remote) => {
    let result: ReturnType<DatagramHandler>;
    try {
      result = options.handler(datagram, remote);
    } catch (error) {
      // Handlers never throw by contract; a bug must not take the listener down.
      options.onError?.(error as Error);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (reply) => send(reply, remote.port, remote.address),
        (error: Error) => options.onError?.(error),
      );
    } else {
      send(result, remote.port, remote.address);
    }
  });
  socket.on("error", (error) => options.onError?.(error));
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(options.port, options.host, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  try {
    socket.setRecvBufferSize(options.receiveBufferBytes ?? 4 * 1024 * 1024);
    socket.setSendBufferSize(options.receiveBufferBytes ?? 4 * 1024 * 1024);
  } catch {
    // The kernel caps the size (net.core.rmem_max); the default then applies.
  }
  return {
    port: (socket.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
