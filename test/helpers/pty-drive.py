# Runs a command on a pseudo-terminal and answers its prompts, as a person at the terminal would.
# usage: python3 pty-drive.py '<json: {"cmd": [...], "answers": [["expected text", "keys"], ...], "timeout": 30}>'
# Prints the whole terminal transcript, then a last line "EXIT <code>".
import json, os, pty, select, sys, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(spec["cmd"][0], spec["cmd"])
out = b""
answers = list(spec["answers"])
deadline = time.time() + spec.get("timeout", 30)
pos = 0
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    if answers:
        expected, keys = answers[0]
        text = out.decode("utf-8", "replace")
        i = text.find(expected, pos)
        if i >= 0:
            pos = i + len(expected)
            time.sleep(0.2)
            os.write(fd, keys.encode())
            answers.pop(0)
# Past the deadline, a program still waiting at a prompt is killed, so a test fails instead of hanging.
if time.time() >= deadline:
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.stdout.write("\nEXIT %d\n" % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1))
