# Varnish 7 in front of Undersigned (Debian: apt-get install varnish varnish-modules).
#   varnishd -a :80 -f /etc/varnish/default.vcl -s malloc,1g
# and start the app with CACHE_PURGE_URLS=http://<this varnish>/ so it purges what it changes.
#
# What it does:
#   - caches public GETs and HEADs for as long as the app's Cache-Control says (pinned reads a
#     year, `immutable`; latest reads 5 s, then revalidated with the ETag), keyed as usual and
#     varied by the app's Vary; answers If-None-Match itself;
#   - caches nothing the app did not mark cacheable (no Cache-Control: not cached);
#   - passes writes and anything sent with Authorization or a cookie;
#   - purges by surrogate key: `PURGE` with `xkey-purge: key1 key2` from an address in `purgers`
#     removes every object whose `xkey` header names one of the keys (the app sends these
#     through its outbox after every committed change);
#   - while the app is down (its /health probe fails), serves what it holds past its TTL for up
#     to a day (grace), except answers marked must-revalidate (latest lists: never stale).
vcl 4.1;

import std;
import xkey;

backend app {
    .host = "127.0.0.1";
    .port = "3000";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/health";
        .interval = 1s;
        .timeout = 500ms;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

# Who may purge: the app's hosts. Keep this to the addresses the app connects from.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the surrogate keys to purge in xkey-purge"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie) {
        return (pass);
    }
    # While the app answers, never serve an expired object: fetch (a conditional request when
    # the object has an ETag). Only when the probe says it is down is grace used.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_backend_response {
    # Only what the app says may be cached is cached; everything else is fetched every time.
    if (!beresp.http.Cache-Control || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    if (beresp.http.Cache-Control ~ "must-revalidate") {
        set beresp.grace = 0s;
    } else {
        set beresp.grace = 24h;
    }
    # Keep expired objects a while longer for conditional requests (If-None-Match to the app).
    set beresp.keep = 1h;
}

sub vcl_deliver {
    # The surrogate keys are for this cache only.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.x-cache = "HIT";
    } else {
        set resp.http.x-cache = "MISS";
    }
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason;
    return (deliver);
}
