#pragma once
// A small HTTP/1.1 server for the remote-backend tests (header-only, QTcpServer on 127.0.0.1, or
// QSslServer for HTTPS when given a TLS configuration):
// each request goes to a handler that returns a scripted response -- a status, headers, body parts
// sent after delays, and how the connection ends (closed after the body, reset mid-body, or left
// hanging). It records every request and the most connections open at once.
#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <memory>

namespace tramontane::test {

struct HttpRequest {
  QByteArray method;
  QByteArray path;
  QHash<QByteArray, QByteArray> headers;  // lower-case names
  QByteArray body;
  QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

struct HttpResponse {
  enum class End { Close, Reset, Hang };
  int status = 200;
  QByteArray content_type = "application/json";
  QList<QPair<QByteArray, QByteArray>> extra_headers;
  QList<QPair<int, QByteArray>> parts;  // (delay ms before it, bytes)
  bool chunked = false;                 // Transfer-Encoding: chunked (else Content-Length, or
                                        // read-until-close when `length_known` is false)
  bool length_known = true;
  End end = End::Close;
  int delay_headers_ms = 0;

  static HttpResponse json(int status, const QByteArray& body) {
    HttpResponse r;
    r.status = status;
    r.parts = {{0, body}};
    return r;
  }
  static HttpResponse sse(const QList<QPair<int, QByteArray>>& events) {
    HttpResponse r;
    r.content_type = "text/event-stream";
    r.chunked = true;
    r.parts = events;
    return r;
  }
};

class FakeHttpServer : public QObject {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  explicit FakeHttpServer(Handler handler) : FakeHttpServer(std::move(handler), std::make_unique<QTcpServer>()) {}
  // HTTPS with `tls` (its local certificate and private key); connections come in after the handshake.
  FakeHttpServer(Handler handler, const QSslConfiguration& tls) : FakeHttpServer(std::move(handler), ssl_server(tls)) {}
  QString url() const {
    return QStringLiteral("%1://127.0.0.1:%2").arg(tls_ ? QStringLiteral("https") : QStringLiteral("http")).arg(server_->serverPort());
  }
  // TLS handshakes that failed on the server's side (the client refused the certificate).
  int handshakeErrors() const { return handshake_errors_; }
  const QList<HttpRequest>& requests() const { return requests_; }
  int maxOpen() const { return max_open_; }
  // Requests being answered at once (from the request read to the end of its response), at most.
  int maxActive() const { return max_active_; }
  int open() const { return open_; }
  void setHandler(Handler h) { handler_ = std::move(h); }

 private:
  struct Conn {
    QByteArray buffer;
    bool answered = false;
  };

  void accept(QTcpSocket* s) {
    ++open_;
    max_open_ = std::max(max_open_, open_);
    auto conn = std::make_shared<Conn>();
    QObject::connect(s, &QTcpSocket::disconnected, this, [this, s] {
      --open_;
      s->deleteLater();
    });
    QObject::connect(s, &QTcpSocket::readyRead, this, [this, s, conn] {
      conn->buffer += s->readAll();
      if (conn->answered) return;
      const qsizetype head_end = conn->buffer.indexOf("\r\n\r\n");
      if (head_end < 0) return;
      HttpRequest req;
      const QList<QByteArray> lines = conn->buffer.left(head_end).split('\n');
      const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
      req.method = first.value(0);
      req.path = first.value(1);
      for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype c = lines[i].indexOf(':');
        if (c > 0) req.headers.insert(lines[i].left(c).trimmed().toLower(), lines[i].mid(c + 1).trimmed());
      }
      const qsizetype length = req.headers.value("content-length", "0").toLongLong();
      if (conn->buffer.size() - head_end - 4 < length) return;
      req.body = conn->buffer.mid(head_end + 4, length);
      conn->answered = true;
      requests_.append(req);
      respond(s, handler_(req));
    });
  }

  void respond(QTcpSocket* s, const HttpResponse& r) {
    QPointer<QTcpSocket> sock(s);
    ++active_;
    max_active_ = std::max(max_active_, active_);
    auto head = std::make_shared<QByteArray>();
    *head += "HTTP/1.1 " + QByteArray::number(r.status) + (r.status < 300 ? " OK" : " Error") + "\r\n";
    *head += "Content-Type: " + r.content_type + "\r\n";
    for (const auto& h : r.extra_headers) *head += h.first + ": " + h.second + "\r\n";
    if (r.chunked) {
      *head += "Transfer-Encoding: chunked\r\n";
    } else if (r.length_known) {
      qsizetype n = 0;
      for (const auto& p : r.parts) n += p.second.size();
      *head += "Content-Length: " + QByteArray::number(n) + "\r\n";
    }
    *head += "Connection: close\r\n\r\n";
    // The parts, each after its delay, then the end.
    auto steps = std::make_shared<QList<QPair<int, QByteArray>>>(r.parts);
    auto send_next = std::make_shared<std::function<void()>>();
    senders_.append(send_next);  // owned here; the steps hold weak references (no cycle)
    std::weak_ptr<std::function<void()>> weak = send_next;
    const bool chunked = r.chunked;
    const HttpResponse::End end = r.end;
    *send_next = [this, sock, steps, weak, chunked, end] {
      if (!sock) {
        --active_;
        return;
      }
      if (steps->isEmpty()) {
        if (end != HttpResponse::End::Hang) --active_;
        if (end == HttpResponse::End::Close) {
          if (chunked) sock->write("0\r\n\r\n");
          sock->flush();
          sock->disconnectFromHost();
        } else if (end == HttpResponse::End::Reset) {
          sock->flush();
          sock->abort();
        }
        return;  // Hang: nothing more
      }
      const auto part = steps->takeFirst();
      QTimer::singleShot(part.first, sock, [sock, part, weak, chunked] {
        auto next = weak.lock();
        if (!sock || !next) return;
        if (chunked) {
          sock->write(QByteArray::number(part.second.size(), 16) + "\r\n" + part.second + "\r\n");
        } else {
          sock->write(part.second);
        }
        sock->flush();
        (*next)();
      });
    };
    QTimer::singleShot(r.delay_headers_ms, s, [sock, head, send_next] {
      if (!sock) return;
      sock->write(*head);
      sock->flush();
      (*send_next)();
    });
  }

  FakeHttpServer(Handler handler, std::unique_ptr<QTcpServer> server)
      : server_(std::move(server)), handler_(std::move(handler)) {
    tls_ = qobject_cast<QSslServer*>(server_.get()) != nullptr;
    if (auto* ssl = qobject_cast<QSslServer*>(server_.get())) {
      QObject::connect(ssl, &QSslServer::errorOccurred, this, [this](QSslSocket*, QAbstractSocket::SocketError) {
        ++handshake_errors_;
      });
    }
    server_->listen(QHostAddress::LocalHost, 0);
    QObject::connect(server_.get(), &QTcpServer::pendingConnectionAvailable, this, [this] {
      while (QTcpSocket* s = server_->nextPendingConnection()) accept(s);
    });
  }
  static std::unique_ptr<QTcpServer> ssl_server(const QSslConfiguration& tls) {
    auto s = std::make_unique<QSslServer>();
    s->setSslConfiguration(tls);
    return s;
  }

  std::unique_ptr<QTcpServer> server_;
  bool tls_ = false;
  int handshake_errors_ = 0;
  Handler handler_;
  QList<HttpRequest> requests_;
  QList<std::shared_ptr<std::function<void()>>> senders_;
  int open_ = 0;
  int max_open_ = 0;
  int active_ = 0;
  int max_active_ = 0;
};

}  // namespace tramontane::test
