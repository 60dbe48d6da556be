#!/usr/bin/env python3
"""Reliability trials against the real `mura` binary (Scripts/crash-test and Scripts/concurrency-test call this).

crash:       N trials, in turn a `mura ingest` batch, `mura serve` under concurrent HTTP ingests, and `mura repack`
             of a batch just stored self-contained, each killed with SIGKILL at a random moment. After each: every
             version acknowledged (a line the CLI printed, a 201/200 the server answered) restores bit-exact,
             `mura verify` is clean, and no staging leftover survives the next open. At the end a whole
             `mura repack` must finish the job (verify clean, nothing lost), and `mura catalog rebuild` must give the
             same documents, versions and captures.
concurrent:  4 `mura ingest` processes and a server taking HTTP ingests on one archive at once, of the same and of
             different documents: 0 lost, 0 duplicate versions, no "database is locked" reaching a user.

Both print one JSON summary line on standard output (and --summary FILE writes it) and exit 1 on any failure.
"""

import argparse
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time


class Mura:
    def __init__(self, binary, archive):
        self.binary = binary
        self.archive = archive

    def run(self, *arguments, check=True, timeout=120):
        result = subprocess.run(
            [self.binary, *arguments, "--archive", self.archive], capture_output=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"mura {' '.join(arguments)} exited {result.returncode}: {result.stderr.decode()}")
        return result

    def json(self, *arguments):
        return json.loads(self.run(*arguments, "--json").stdout)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def text_for(rng, document, generation):
    # Generation 0 is always the same text for a document, so sending it again is an unchanged capture.
    source = random.Random(f"{document}-0") if generation == 0 else rng
    words = " ".join(source.choice(WORDS) for _ in range(source.randint(20, 400)))
    return f"Release {document}\n\nGeneration {generation}. {words}\n".encode()


WORDS = "archive council budget heritage library week city press release Астана мұра жаңалық новости".split()


def start_server(mura, log_path):
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [mura.binary, "serve", "--port", "0", "--archive", mura.archive], stdout=log, stderr=subprocess.STDOUT
    )
    for _ in range(400):
        with open(log_path, "rb") as handle:
            match = re.search(rb"address=http://127\.0\.0\.1:(\d+)", handle.read())
        if match:
            return process, int(match.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.025)
    process.kill()
    raise RuntimeError("mura serve did not report its port: " + open(log_path, "rb").read().decode(errors="replace"))


def post(port, token, document, body, timeout=30):
    """POST /documents; returns (status, parsed body or None). Connection errors return (None, None)."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request(
            "POST",
            f"/documents?id={document}",
            body=body,
            headers={"Content-Type": "text/plain", "Authorization": f"Bearer {token}"},
        )
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        try:
            return response.status, json.loads(payload)
        except ValueError:
            return response.status, payload.decode(errors="replace")
    except (OSError, http.client.HTTPException):
        return None, None


class Ledger:
    """What the archive acknowledged: document id -> list of sha256 of the bytes acknowledged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acknowledged = []  # (document, sha256, bytes)

    def add(self, document, data):
        with self.lock:
            self.acknowledged.append((document, sha256(data), data))


def check_acknowledged(mura, entries, failures):
    """Every acknowledged content restores bit-exact as one of its document's versions: the whole archive is
    exported as a BagIt folder (every original read back from its bundle) and each acknowledged content is looked
    for by its bytes among its document's originals. Returns how many acknowledged contents are missing."""
    folder = tempfile.mkdtemp(prefix="mura-restored-")
    target = os.path.join(folder, "bag")
    try:
        mura.run("export", "--all", "--to", target, timeout=3600)
        restored = {}
        with open(os.path.join(target, "mura-index.jsonl")) as index:
            for line in index:
                item = json.loads(line)
                names = [name for name in os.listdir(os.path.join(target, item["folder"])) if name.startswith("original")]
                with open(os.path.join(target, item["folder"], names[0]), "rb") as handle:
                    data = handle.read()
                if sha256(data) != item["sha256"]:
                    failures.append(f"{item['documentID']} version {item['ordinal']} does not restore bit-exact")
                restored.setdefault(item["documentID"], set()).add(sha256(data))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lost = 0
    for document, digest in {(document, digest) for document, digest, _ in entries}:
        if digest not in restored.get(document, set()):
            failures.append(f"{document}: an acknowledged version (sha256 {digest[:12]}) is missing")
            lost += 1
    return lost


def versions_in_order(mura):
    """Each document's versions, oldest first, as sha256 digests (from one export's index)."""
    folder = tempfile.mkdtemp(prefix="mura-index-")
    try:
        mura.run("export", "--all", "--to", os.path.join(folder, "bag.tar"), timeout=3600)
        listing = subprocess.run(
            ["tar", "-xOf", os.path.join(folder, "bag.tar"), "--wildcards", "*/mura-index.jsonl"],
            capture_output=True,
            check=True,
        ).stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not listing.strip():
        raise RuntimeError("the export holds no mura-index.jsonl")
    documents = {}
    for line in listing.decode().splitlines():
        item = json.loads(line)
        documents.setdefault(item["documentID"], []).append((item["ordinal"], item["sha256"]))
    return {document: [digest for _, digest in sorted(items)] for document, items in documents.items()}


def counts(mura):
    """Each document with its number of versions and of unchanged captures."""
    return sorted((item["id"], item["versionCount"], item["observationCount"]) for item in mura.json("list"))


def new_archive(binary, prefix):
    """A work folder with a new archive in it and a write token: (work, archive, mura, token)."""
    work = tempfile.mkdtemp(prefix=prefix)
    archive = os.path.join(work, "archive")
    mura = Mura(binary, archive)
    mura.run("init")
    token = mura.run("token", "create", "--role", "write", "--name", "reliability").stdout.decode().strip()
    return work, archive, mura, token


def acknowledge_printed(output, contents, ledger):
    """Adds to the ledger each input that `mura ingest` printed as stored (new or unchanged)."""
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("new", "unchanged") and parts[1] in contents:
            ledger.add(parts[1], contents[parts[1]])


def staging_leftovers(archive):
    folder = os.path.join(archive, "tmp")
    if not os.path.isdir(folder):
        return []
    return [name for name in os.listdir(folder) if name.startswith("bundle-")]


def set_self_contained(archive, value):
    """Switches the archive's bundles between self-contained and shared, as an administrator editing its settings."""
    path = os.path.join(archive, "mura-archive.json")
    with open(path) as handle:
        settings = json.load(handle)
    settings["compression"].pop("selfContained", None)
    if value:
        settings["compression"]["selfContained"] = True
    with open(path, "w") as handle:
        json.dump(settings, handle)


def repack_trial(rng, mura, archive, work, trial, documents, generation, ledger, args):
    """Stores a batch self-contained (a small correction to each document's first text, so that versions share
    most of their bytes), then kills a `mura repack` of it at a random moment."""
    batch = os.path.join(work, f"batch-{trial}")
    os.makedirs(os.path.join(batch, "press"))
    contents = {}
    for document in rng.sample(documents, rng.randint(6, min(16, len(documents)))):
        data = text_for(rng, document, 0) + f"Correction {generation}.\n".encode()
        contents[document] = data
        with open(os.path.join(batch, document + ".txt"), "wb") as handle:
            handle.write(data)
    set_self_contained(archive, True)
    acknowledge_printed(mura.run("ingest", batch).stdout.decode(errors="replace"), contents, ledger)
    set_self_contained(archive, False)
    shutil.rmtree(batch)
    process = subprocess.Popen(
        [mura.binary, "repack", "--site-documents", "4", "--archive", archive],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # A repack of a small batch takes tens of milliseconds: the kill falls within that, so that most land mid-way.
    time.sleep(rng.uniform(0, args.kill_window / 8))
    running = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return running


def crash(args):
    rng = random.Random(args.seed)
    work, archive, mura, token = new_archive(args.mura, "mura-crash-")
    ledger = Ledger()
    failures = []
    summary = {"trials": 0, "cli_trials": 0, "server_trials": 0, "repack_trials": 0, "acknowledged": 0, "lost": 0,
               "verify_failures": 0}
    documents = [f"press/{number}" for number in range(args.documents)]
    generation = 0
    started = time.time()
    try:
        for trial in range(args.trials):
            generation += 1
            if trial % 3 == 2:
                summary["repack_trials"] += 1
                if repack_trial(rng, mura, archive, work, trial, documents, generation, ledger, args):
                    summary["repacks_killed_running"] = summary.get("repacks_killed_running", 0) + 1
            elif trial % 3 == 0:
                summary["cli_trials"] += 1
                batch = os.path.join(work, f"batch-{trial}")
                os.makedirs(os.path.join(batch, "press"))
                chosen = rng.sample(documents, rng.randint(3, min(12, len(documents))))
                contents = {}
                for document in chosen:
                    # Some documents get the content they already had: an unchanged capture.
                    data = text_for(rng, document, generation if rng.random() < 0.8 else 0)
                    contents[document] = data
                    with open(os.path.join(batch, document + ".txt"), "wb") as handle:
                        handle.write(data)
                output = os.path.join(work, f"ingest-{trial}.out")
                with open(output, "wb") as out:
                    process = subprocess.Popen(
                        [mura.binary, "ingest", batch, "--archive", archive], stdout=out, stderr=subprocess.DEVNULL
                    )
                    time.sleep(rng.uniform(0, args.kill_window))
                    process.send_signal(signal.SIGKILL)
                    process.wait()
                with open(output, "rb") as handle:
                    acknowledge_printed(handle.read().decode(errors="replace"), contents, ledger)
                shutil.rmtree(batch)
            else:
                summary["server_trials"] += 1
                server, port = start_server(mura, os.path.join(work, "serve.log"))
                stop = threading.Event()

                def client(seed):
                    local = random.Random(seed)
                    while not stop.is_set():
                        document = local.choice(documents)
                        data = text_for(local, document, generation if local.random() < 0.8 else 0)
                        status, body = post(port, token, document, data)
                        if status in (200, 201):
                            ledger.add(document, data)
                        elif status is None:
                            return
                        elif status != 409:
                            failures.append(f"POST {document}: {status} {body}")
                            return

                clients = [threading.Thread(target=client, args=(rng.random(),)) for _ in range(args.clients)]
                for thread in clients:
                    thread.start()
                time.sleep(rng.uniform(0.05, args.kill_window))
                server.send_signal(signal.SIGKILL)
                server.wait()
                stop.set()
                for thread in clients:
                    thread.join()
            summary["trials"] += 1
            verify = mura.run("verify", check=False)
            if verify.returncode != 0:
                summary["verify_failures"] += 1
                failures.append(f"trial {trial}: mura verify exited {verify.returncode}: {verify.stdout.decode()}")
            left = staging_leftovers(archive)
            if left:
                failures.append(f"trial {trial}: staging files left after the next open: {left}")
            if failures:
                break
        if not failures:
            # A whole repack finishes what the killed ones began.
            repacked = mura.json("repack", "--site-documents", "4")
            summary["repack"] = {key: repacked[key] for key in ("rewritten", "bytesBefore", "bytesAfter", "keptAsTheyWere")}
            if repacked["problems"]:
                failures.append(f"mura repack: {repacked['problems'][:5]}")
            verify = mura.run("verify", check=False)
            if verify.returncode != 0:
                failures.append(f"mura verify after the last repack exited {verify.returncode}: {verify.stdout.decode()}")
        acknowledged = list(ledger.acknowledged)
        summary["acknowledged"] = len(acknowledged)
        summary["acknowledged_distinct"] = len({(document, digest) for document, digest, _ in acknowledged})
        summary["lost"] = check_acknowledged(mura, acknowledged, failures)
        before = counts(mura)
        rebuilt = mura.json("catalog", "rebuild")
        if counts(mura) != before:
            failures.append("catalog rebuild changed the documents, their versions or their captures")
        summary["rebuild"] = rebuilt
        summary["set_aside"] = sum(len(files) for _, _, files in os.walk(os.path.join(archive, "set-aside")))
        summary["lost"] += check_acknowledged(mura, acknowledged, failures) if failures == [] else 0
    finally:
        summary["seconds"] = round(time.time() - started, 1)
        summary["failures"] = failures[:20]
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return summary


def concurrent(args):
    rng = random.Random(args.seed)
    work, archive, mura, token = new_archive(args.mura, "mura-concurrent-")
    ledger = Ledger()
    failures = []
    locked = []
    writers = args.processes + 1  # the CLI processes, and the HTTP clients together as one more
    per_writer = args.ingests // writers
    rounds = max(1, per_writer // 250)
    per_round = max(1, per_writer // rounds)
    shared = [f"shared/{number}" for number in range(20)]
    started = time.time()

    def cli_writer(writer):
        # Rounds of batch ingests; in each, half the inputs are documents every writer touches, half its own.
        for round_number in range(rounds):
            folder = os.path.join(work, f"writer-{writer}-{round_number}")
            contents = {}
            for number in range(per_round):
                name = shared[number % len(shared)] if number < 2 * len(shared) and number % 2 == 0 else None
                name = name or f"own{writer}/{round_number}-{number}"
                if name in contents:
                    name = f"own{writer}/{round_number}-{number}"
                data = text_for(random.Random(f"{args.seed}-{writer}-{round_number}-{number}"), name, rng.randint(0, 3))
                path = os.path.join(folder, name + ".txt")
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as handle:
                    handle.write(data)
                contents[name] = data
            result = subprocess.run(
                [args.mura, "ingest", folder, "--archive", archive], capture_output=True, timeout=3600
            )
            text = result.stderr.decode(errors="replace")
            if "locked" in text:
                locked.append(text[:200])
            if result.returncode != 0:
                failures.append(f"mura ingest {folder} exited {result.returncode}: {text[:300]}")
            acknowledge_printed(result.stdout.decode(errors="replace"), contents, ledger)
            shutil.rmtree(folder)

    def http_client(seed, count, port):
        local = random.Random(seed)
        for number in range(count):
            document = local.choice(shared) if number % 2 == 0 else f"http/{seed}/{number}"
            data = text_for(local, document, local.randint(0, 3))
            status, body = post(port, token, document, data, timeout=300)
            if status in (200, 201):
                ledger.add(document, data)
            else:
                failures.append(f"POST {document}: {status} {body}")
                if "locked" in str(body):
                    locked.append(document)

    server, port = start_server(mura, os.path.join(work, "serve.log"))
    try:
        threads = [threading.Thread(target=cli_writer, args=(writer,)) for writer in range(args.processes)]
        threads += [threading.Thread(target=http_client, args=(seed, per_writer // 2, port)) for seed in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        server.send_signal(signal.SIGTERM)
        server.wait()
        with open(os.path.join(work, "serve.log"), "rb") as handle:
            if b"locked" in handle.read():
                locked.append("serve.log")
        entries = list(ledger.acknowledged)
        lost = check_acknowledged(mura, entries, failures)
        # No duplicate versions: within a document, no two versions in a row hold the same bytes.
        duplicates = 0
        for versions in versions_in_order(mura).values():
            duplicates += sum(1 for a, b in zip(versions, versions[1:]) if a == b)
        verify = mura.run("verify", check=False)
        if verify.returncode != 0:
            failures.append("mura verify: " + verify.stdout.decode()[:300])
        summary = {
            "ingests": len(entries),
            "cli_processes": args.processes,
            "http_clients": 2,
            "lost": lost,
            "duplicate_versions": duplicates,
            "database_locked": len(locked),
            "failures": failures[:20],
        }
    finally:
        if server.poll() is None:
            server.kill()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    summary["seconds"] = round(time.time() - started, 1)
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["crash", "concurrent"])
    parser.add_argument("--mura", required=True)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--kill-window", type=float, default=0.6, help="seconds within which the kill falls")
    parser.add_argument("--ingests", type=int, default=10000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--summary")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    summary = crash(args) if args.mode == "crash" else concurrent(args)
    summary["seed"] = args.seed
    line = json.dumps(summary, ensure_ascii=False)
    print(line)
    if args.summary:
        with open(args.summary, "w") as handle:
            handle.write(line + "\n")
    bad = summary["failures"] or summary.get("lost") or summary.get("duplicate_versions") or summary.get(
        "database_locked"
    )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
