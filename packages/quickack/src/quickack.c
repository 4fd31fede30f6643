/*
 * setQuickAck(fd): set TCP_QUICKACK on a connected TCP socket (Linux). Leaves the kernel's delayed-ACK
 * "ping-pong" mode and sends a pending ACK at once. Returns true when the option was set, false on any error
 * (not a socket, not TCP, a platform without TCP_QUICKACK).
 */
#include <node_api.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static napi_value set_quick_ack(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd = -1;
  int ok = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 1 &&
      napi_get_value_int32(env, argv[0], &fd) == napi_ok && fd >= 0) {
#ifdef TCP_QUICKACK
    int one = 1;
    ok = setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one) == 0;
#endif
  }
  napi_value result;
  napi_get_boolean(env, ok, &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "setQuickAck", NAPI_AUTO_LENGTH, set_quick_ack, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "setQuickAck", fn) != napi_ok) return NULL;
  return exports;
}
