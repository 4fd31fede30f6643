/**
 * The exports shared by the Node and browser entries of @vo/samp.
 */
export * from "./types.js";
export { SAMPHubError, SAMPClientError } from "./errors.js";
export type { SAMPHubErrorCode, SAMPHubErrorOptions, SAMPClientErrorCode, SAMPClientErrorOptions } from "./errors.js";
export { encodeCall, encodeResponse, encodeFault, decodeCall, decodeResponse } from "./xmlrpc/codec.js";
export type { XmlRpcCall, XmlRpcFault, XmlRpcResponse, EncodeOptions } from "./xmlrpc/codec.js";
export { postXmlRpc } from "./xmlrpc/post.js";
export type { PostOptions } from "./xmlrpc/post.js";
export { SAMPClient } from "./client/samp-client.js";
export type {
  SAMPClientOptions,
  SAMPClientEvents,
  ClientInfo,
  MessageContext,
  MessageInput,
  NotificationHandler,
  CallHandler,
  WaitOptions,
} from "./client/samp-client.js";
export type { HubOptions } from "./client/profile.js";
export { connect, withConnection } from "./client/connect.js";
export type { ConnectOptions } from "./client/connect.js";
export { WEB_HUB_URL } from "./client/web-profile.js";
export { send, sendTable, sendImage, sendSpectrum, pointAt, highlightRow, selectRows, tableParams } from "./sends/sends.js";
export type { TableSource, SendOptions, SendTableOptions, SendReport } from "./sends/sends.js";
export { broadcast, mtypeForRecord } from "./sends/broadcast.js";
export type { BroadcastOptions, BroadcastableRecord } from "./sends/broadcast.js";
export { VERSION } from "./version.js";
