#!/usr/bin/env python3
"""Measures each published Lambda bundle's INIT: from starting its bootstrap (in the same bubblewrap confinement the
tests use) to its first GET invocation/next, against a stand-in Runtime API that never sends an event. Compares bundle
roots side by side, alternating, N rounds (env N, default 6):

    scripts/measure-lambda-init.py artifacts/lambda-plain artifacts/lambda

INIT builds the host and validates configuration only (secrets are read per invocation), so no server is needed."""
import http.server, threading, subprocess, time, sys, os, statistics, socketserver
first = {}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        first.setdefault('t', time.monotonic())
        time.sleep(30)
    def do_POST(self):
        n=int(self.headers.get('content-length',0)); body=self.rfile.read(n)
        first.setdefault('err', body); first.setdefault('t', time.monotonic())
        self.send_response(202); self.end_headers()
    def log_message(self,*a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer): daemon_threads=True
srv=S(('127.0.0.1',0),H); port=srv.server_address[1]
threading.Thread(target=srv.serve_forever,daemon=True).start()
env = {"MARKET_DEPLOYMENT":"aws","S3_BUCKET_NAME":"marketaspire-lake-123456789012-us-east-1","REDSHIFT_HOST":"127.0.0.1","REDSHIFT_PORT":"5439","REDSHIFT_DB":"dev","REDSHIFT_USER":"awsuser","WAREHOUSE_DIALECT":"postgres","REDSHIFT_IAM_ROLE_ARN":"arn:aws:iam::123456789012:role/x","REDSHIFT_PASSWORD_SECRET_ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:x","MARKET_ENV_FILE":"none","MARKET_SYMBOLS":"IBM","MARKET_API_KEY_SECRET_ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:k",
 "_HANDLER":"bootstrap","AWS_REGION":"us-east-1","AWS_LAMBDA_FUNCTION_NAME":"probe","AWS_LAMBDA_FUNCTION_MEMORY_SIZE":"1024","LAMBDA_TASK_ROOT":"/var/task","TZ":":UTC","PATH":"/usr/local/bin:/usr/bin/:/bin:/opt/bin","AWS_LAMBDA_RUNTIME_API":f"127.0.0.1:{port}","AWS_ACCESS_KEY_ID":"x","AWS_SECRET_ACCESS_KEY":"x","AWS_SESSION_TOKEN":"t"}
def once(bundle, mem):
    first.clear()
    args=["bwrap","--unshare-user","--uid","993","--gid","993","--unshare-pid","--die-with-parent","--ro-bind","/usr","/usr","--ro-bind","/etc","/etc","--symlink","usr/lib","/lib","--symlink","usr/lib64","/lib64","--symlink","usr/bin","/bin","--ro-bind","/sys/fs/cgroup","/sys/fs/cgroup","--proc","/proc","--dev","/dev","--size","536870912","--tmpfs","/tmp","--ro-bind",bundle,"/var/task","--chdir","/var/task","--clearenv"]
    for k,v in env.items(): args += ["--setenv",k,v]
    args.append("/var/task/bootstrap")
    t0=time.monotonic(); p=subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while 't' not in first and p.poll() is None and time.monotonic()-t0<20: time.sleep(0.002)
    d=(first.get('t', time.monotonic())-t0)*1000
    p.kill(); p.wait()
    return d, first.get('err')
roots=sys.argv[1:]
res={r:{} for r in roots}
for i in range(int(os.environ.get("N","6"))):
    for proj in ["Extractor","Warehouse","Quality"]:
        for r in roots:
            d,err=once(f"{r}/{proj}",1024)
            if err: print("ERR",r,proj,err[:200])
            res[r].setdefault(proj,[]).append(d)
for r in roots:
    for proj,v in res[r].items():
        print(r, proj, "median %.0f ms min %.0f max %.0f" % (statistics.median(v), min(v), max(v)), [round(x) for x in v])
