#!/usr/bin/env python3
"""A fake mlx_lm.server for tests: the HTTP behaviour of ml-explore/mlx-lm, without a model.

Copied from mlx_lm/server.py (ml-explore/mlx-lm d78bf58, 2026-08-22):
- _run_http_server: a ThreadingHTTPServer with a BaseHTTPRequestHandler (protocol HTTP/1.0), so
  every reply ends by closing the connection and a stream has no Content-Length.
- APIHandler.do_POST: unknown paths get 404 with the plain text body "Not Found"; the body is read
  with exactly Content-Length bytes: no header -> 411 {"error": "Content-Length header is
  required"} (since #1001, cc393b2); "content_length": "int" in the script copies the older
  `int(self.headers["Content-Length"])`, which raises and drops the connection. Invalid JSON ->
  400 {"error": "Invalid JSON in request body: ..."}; a non-object body -> 400.
  max_tokens = max_completion_tokens, else max_tokens, else --max-tokens (default 512).
- APIHandler.validate_model_parameters / _validate: a bad parameter raises ValueError inside the
  handler, so socketserver drops the connection without a byte of reply.
- APIHandler.handle_completion: generate() raising -> 404 {"error": str(e)}; otherwise headers
  (text/event-stream) then, while the prompt is processed, keepalive_callback's
  ": keepalive N/M" SSE comments; one delta per generated piece with `content`, `reasoning`
  and whole `tool_calls` (ToolCallFormatter: id, type, function{name, arguments as a JSON
  string}, and `index` counting up across the stream), possibly in the same delta as text; a
  last chunk with finish_reason ("tool_calls" when a tool was called); the usage chunk
  (completion_usage_response, choices []) only when stream_options["include_usage"] is true (a
  stream_options without that key raises KeyError mid-stream, as the original does); data: [DONE].
  Without "stream": one chat.completion JSON with Content-Length.
- APIHandler.do_GET: /v1/models (handle_models_request) and /health -> {"status": "ok"}.

What the model "generates" comes from a JSON script file (--script), re-read on every request:
the first of "routes" ({"system_contains", "after_tool_result"?, "reply"}) that fits the request,
else the next reply of "replies" (the last one repeats; a changed file starts over). A reply:
  {"tokens": [{"text": "Hel"}, {"reasoning": "..."}, {"tool_calls": [{"name", "arguments", "id"?}],
               "text"?: "beside"}],
   "prompt_tokens": 17, "completion_tokens": 4 (default: the tokens played), "keepalive": {"total": 1024, "step": 256, "delay_ms": 50},
   "delay_ms": 0, "header_delay_ms": 0, "ending": "done" | "cut" | "stall", "stall_ms": 1000,
   "json_reply": true (answer as if stream were false), "drop": true (close without a byte),
   "route_not_found": true (the 404 "Not Found" do_POST gives a path it has no handler for),
   "status": 404, "error": "...", "headers": {...} (generate() raised; other statuses stand for a
   proxy in front of the server)}
Each token counts as one generated token against max_tokens (finish_reason "length").
Every request is appended to --log as a JSON line when it arrives and again when it ends.
"""

import argparse
import json
import os
import select
import socket
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOCK = threading.Lock()
STATE = {"script_text": None, "played": 0, "requests": 0}


class ClientGone(Exception):
    pass


def log(entry):
    with LOCK:
        with open(ARGS.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")


def load_script():
    with open(ARGS.script, encoding="utf-8") as f:
        return f.read()


def routed_reply(routes, body):
    messages = body.get("messages") or []
    system = " ".join(str(m.get("content", "")) for m in messages if m.get("role") == "system").lower()
    has_tool_result = any(m.get("role") == "tool" for m in messages)
    for route in routes:
        if route.get("system_contains", "").lower() not in system:
            continue
        if "after_tool_result" in route and route["after_tool_result"] != has_tool_result:
            continue
        return route["reply"]
    return None


def next_reply(body):
    with LOCK:
        text = load_script()
        routed = routed_reply(json.loads(text).get("routes") or [], body)
        if routed is not None:
            return routed
        if text != STATE["script_text"]:
            STATE["script_text"] = text
            STATE["played"] = 0
        replies = json.loads(text).get("replies") or [{"tokens": [{"text": "ok"}]}]
        reply = replies[min(STATE["played"], len(replies) - 1)]
        STATE["played"] += 1
        return reply


def script():
    return json.loads(load_script())


class APIHandler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def _set_completion_headers(self, status_code=200):
        self.send_response(status_code)
        self.send_header("Content-type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "*")
        self.send_header("Access-Control-Allow-Headers", "*")

    def _set_stream_headers(self, status_code=200):
        self.send_response(status_code)
        self.send_header("Content-type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "*")
        self.send_header("Access-Control-Allow-Headers", "*")

    def _write(self, data):
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError) as e:
            raise ClientGone() from e

    def _client_gone(self):
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _sleep(self, ms):
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            if self._client_gone():
                raise ClientGone()
            time.sleep(min(0.01, max(0, end - time.monotonic())))

    def do_GET(self):
        if self.path.startswith("/v1/models"):
            self._set_completion_headers(200)
            self.end_headers()
            created = int(time.time())
            models = [{"id": m, "object": "model", "created": created} for m in script().get("models", [])]
            self._write(json.dumps({"object": "list", "data": models}).encode())
        elif self.path == "/health":
            self._set_completion_headers(200)
            self.end_headers()
            self._write('{"status": "ok"}'.encode())
        else:
            self._set_completion_headers(404)
            self.end_headers()
            self._write(b"Not Found")

    def do_POST(self):
        with LOCK:
            STATE["requests"] += 1
            number = STATE["requests"]
        entry = {"n": number, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}}
        if self.path not in ("/v1/completions", "/v1/chat/completions", "/chat/completions"):
            log({**entry, "outcome": "not_found"})
            self._set_completion_headers(404)
            self.end_headers()
            self._write(b"Not Found")
            return

        mode = script().get("content_length", "required")
        if mode == "int":
            content_length = int(self.headers["Content-Length"])  # raises on a missing header
        else:
            content_length = self.headers.get("Content-Length")
            if content_length is None:
                log({**entry, "outcome": "411"})
                self._set_completion_headers(411)
                self.end_headers()
                self._write(json.dumps({"error": "Content-Length header is required"}).encode())
                return
            try:
                content_length = int(content_length)
            except ValueError:
                self._set_completion_headers(400)
                self.end_headers()
                self._write(json.dumps({"error": "Invalid Content-Length header"}).encode())
                return
        raw_body = self.rfile.read(content_length)
        try:
            self.body = json.loads(raw_body.decode())
        except json.JSONDecodeError as e:
            log({**entry, "outcome": "invalid_json"})
            self._set_completion_headers(400)
            self.end_headers()
            self._write(json.dumps({"error": f"Invalid JSON in request body: {e}"}).encode())
            return
        entry["body"] = self.body
        if not isinstance(self.body, dict):
            log({**entry, "outcome": "not_a_dict"})
            self._set_completion_headers(400)
            self.end_headers()
            self._write(json.dumps({"error": "Request should be a JSON dictionary"}).encode())
            return

        self.stream = self.body.get("stream", False)
        self.stream_options = self.body.get("stream_options", None)
        self.requested_model = self.body.get("model", "default_model")
        self.max_tokens = self.body.get("max_completion_tokens", None)
        if self.max_tokens is None:
            self.max_tokens = self.body.get("max_tokens", script().get("max_tokens", 512))
        self.temperature = self.body.get("temperature", 0.0)
        self.top_p = self.body.get("top_p", 1.0)
        self.top_k = self.body.get("top_k", 0)
        self.min_p = self.body.get("min_p", 0.0)
        self.seed = self.body.get("seed", None)
        self.logprobs = self.body.get("logprobs", False)
        self.top_logprobs = self.body.get("top_logprobs", -1)
        try:
            self.validate_model_parameters()
            assert "messages" in self.body, "Request did not contain messages"
        except (ValueError, AssertionError) as e:
            log({**entry, "outcome": "dropped", "reason": str(e)})
            raise
        entry["max_tokens"] = self.max_tokens
        log({**entry, "outcome": "arrived"})
        try:
            self.handle_completion(next_reply(self.body), entry)
        except ClientGone:
            log({**entry, "outcome": "client_gone"})

    def _validate(self, name, expected_type, min_val=None, max_val=None, optional=False, whitelist=None):
        value = getattr(self, name)
        if optional and value is None:
            return
        if not isinstance(value, expected_type):
            try:
                allowed = tuple(et.__name__ for et in expected_type)
            except TypeError:
                allowed = expected_type.__name__
            raise ValueError(f"{name} must be of type {allowed}")
        if whitelist is not None and value in whitelist:
            return
        if min_val is not None and value < min_val:
            raise ValueError(f"{name} must be at least {min_val}")
        if max_val is not None and value > max_val:
            raise ValueError(f"{name} must be at most {max_val}")

    def validate_model_parameters(self):
        self._validate("stream", bool)
        self._validate("max_tokens", int, min_val=0)
        self._validate("temperature", (float, int), min_val=0)
        self._validate("top_p", (float, int), min_val=0, max_val=1)
        self._validate("top_k", int, min_val=0)
        self._validate("min_p", (float, int), min_val=0, max_val=1)
        self._validate("logprobs", bool)
        self._validate("top_logprobs", int, min_val=0, max_val=11, whitelist=[-1])
        self._validate("requested_model", str)
        self._validate("seed", int, optional=True)

    def generate_response(self, text, finish_reason, usage=None, tool_calls=None, reasoning_text=None):
        response = {
            "id": self.request_id,
            "system_fingerprint": "fake-mlx",
            "object": "chat.completion.chunk" if self.stream else "chat.completion",
            "model": self.requested_model,
            "created": self.created,
            "choices": [{"index": 0, "finish_reason": finish_reason}],
        }
        if not self.stream:
            response["usage"] = usage
        choice = response["choices"][0]
        key_name = "delta" if self.stream else "message"
        choice[key_name] = {"role": "assistant"}
        if not self.stream:
            choice[key_name]["content"] = text if text else None
        elif text:
            choice[key_name]["content"] = text
        if reasoning_text:
            choice[key_name]["reasoning"] = reasoning_text
        if tool_calls:
            choice[key_name]["tool_calls"] = tool_calls
        return response

    def _format_tool_call(self, call):
        out = {
            "function": {"name": call["name"], "arguments": json.dumps(call.get("arguments", {}), ensure_ascii=False)},
            "type": "function",
            "id": call.get("id") or str(uuid.uuid4()),
        }
        if self.stream:
            out["index"] = self.tool_index
            self.tool_index += 1
        return out

    def handle_completion(self, reply, entry):
        self.request_id = f"chatcmpl-{uuid.uuid4()}"
        self.created = int(time.time())
        self.tool_index = 0
        self._sleep(reply.get("header_delay_ms", 0))
        if reply.get("route_not_found"):
            log({**entry, "outcome": "not_found"})
            self._set_completion_headers(404)
            self.end_headers()
            self._write(b"Not Found")
            return
        if reply.get("drop"):
            log({**entry, "outcome": "dropped", "reason": "scripted"})
            raise ValueError("scripted drop")
        if "error" in reply or "status" in reply:
            log({**entry, "outcome": "error"})
            self._set_completion_headers(reply.get("status", 404))
            for name, value in (reply.get("headers") or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self._write(json.dumps({"error": reply.get("error", "error")}).encode())
            return
        if reply.get("json_reply"):
            self.stream = False

        if self.stream:
            self._set_stream_headers(200)
            self.end_headers()
        else:
            self._set_completion_headers(200)

        keepalive = reply.get("keepalive")
        if keepalive and self.stream:
            total, step = keepalive["total"], keepalive["step"]
            done = 0
            while done < total:
                done = min(total, done + step)
                self._sleep(keepalive.get("delay_ms", 0))
                self._write(f": keepalive {done}/{total}\n\n".encode())

        text, reasoning, calls = "", "", []
        generated = 0
        finish_reason = "stop"
        made_tool_call = False
        for token in reply.get("tokens", []):
            if generated >= self.max_tokens:
                finish_reason = "length"
                break
            self._sleep(reply.get("delay_ms", 0))
            generated += 1
            text += token.get("text", "")
            reasoning += token.get("reasoning", "")
            if token.get("tool_calls"):
                made_tool_call = True
                calls += [self._format_tool_call(c) for c in token["tool_calls"]]
            if self.stream and (text or calls or reasoning):
                resp = self.generate_response(text, None, tool_calls=calls, reasoning_text=reasoning)
                self._write(f"data: {json.dumps(resp)}\n\n".encode())
                text, reasoning, calls = "", "", []
        if finish_reason == "stop" and made_tool_call:
            finish_reason = "tool_calls"

        ending = reply.get("ending", "done")
        if ending == "cut":
            log({**entry, "outcome": "cut"})
            self.close_connection = True
            return
        if ending == "stall":
            self._sleep(reply.get("stall_ms", 1000))
            log({**entry, "outcome": "stalled"})
            return

        prompt_tokens = reply.get("prompt_tokens", 10)
        generated = reply.get("completion_tokens", generated)
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": generated, "total_tokens": prompt_tokens + generated}
        if self.stream:
            resp = self.generate_response(text, finish_reason, tool_calls=calls, reasoning_text=reasoning)
            self._write(f"data: {json.dumps(resp)}\n\n".encode())
            if self.stream_options is not None and self.stream_options["include_usage"]:
                resp = {
                    "id": self.request_id,
                    "system_fingerprint": "fake-mlx",
                    "object": "chat.completion",
                    "model": self.requested_model,
                    "created": self.created,
                    "choices": [],
                    "usage": usage,
                }
                self._write(f"data: {json.dumps(resp)}\n\n".encode())
            self._write("data: [DONE]\n\n".encode())
        else:
            resp = self.generate_response(text, finish_reason, usage=usage, tool_calls=calls, reasoning_text=reasoning)
            response_json = json.dumps(resp).encode()
            self.send_header("Content-Length", str(len(response_json)))
            self.end_headers()
            self._write(response_json)
        log({**entry, "outcome": "done"})


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # socketserver's default prints the traceback and the request is closed without a reply;
        # the closing is what a client sees, the traceback would only be noise in test output.
        pass


def main():
    global ARGS
    parser = argparse.ArgumentParser(description="Fake mlx_lm.server for tests.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--script", required=True)
    parser.add_argument("--log", required=True)
    ARGS = parser.parse_args()
    httpd = QuietServer((ARGS.host, ARGS.port), APIHandler)
    sys.stdout.write(f"listening {httpd.server_address[1]}\n")
    sys.stdout.flush()
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
        os._exit(0)


if __name__ == "__main__":
    main()
