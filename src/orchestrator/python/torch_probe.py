"""Guarded torch probe for debug-tts: importing torch may itself be the bug, so it runs alone.

Prints one JSON document. An import failure is data (type, message, traceback), not a crash;
a segfault or hang inside `import torch` is caught by the Node side (signal / timeout).
"""
import json
import sys
import time
import traceback

PROBE_VERSION = "1.0.0"


def could_not(exc):
    return "could not collect: %s: %s" % (type(exc).__name__, exc)


def cuda_facts(torch, result, errors):
    try:
        result["cudaBuild"] = torch.version.cuda
        result["cudaAvailable"] = bool(torch.cuda.is_available())
        result["cudaDeviceCount"] = torch.cuda.device_count() if result["cudaAvailable"] else 0
        devices = []
        for i in range(result["cudaDeviceCount"]):
            props = torch.cuda.get_device_properties(i)
            devices.append({"name": props.name, "totalMemoryBytes": int(props.total_memory),
                            "capability": "%d.%d" % (props.major, props.minor)})
        result["cudaDevices"] = devices
        result["cudnnVersion"] = torch.backends.cudnn.version() if result["cudaAvailable"] else None
    except Exception as exc:  # noqa: BLE001
        errors["cuda"] = could_not(exc)


def mps_facts(torch, result, errors):
    try:
        mps = getattr(torch.backends, "mps", None)
        result["mpsBuilt"] = bool(mps and mps.is_built())
        result["mpsAvailable"] = bool(mps and mps.is_available())
    except Exception as exc:  # noqa: BLE001
        errors["mps"] = could_not(exc)


def empty_result(errors):
    return {
        "probeVersion": PROBE_VERSION, "imported": False, "version": None, "debugBuild": None,
        "cudaBuild": None, "cudaAvailable": None, "cudaDeviceCount": None, "cudaDevices": None,
        "cudnnVersion": None, "mpsBuilt": None, "mpsAvailable": None, "numThreads": None,
        "importError": None, "importSeconds": None, "errors": errors,
    }


def facts(torch, result=None):
    """What an imported torch says of itself. The stage runner calls this after a target's last
    stage, when the target's own code imported torch: debug-tts then needs no separate probe."""
    if result is None:
        result = empty_result({})
    errors = result["errors"]
    result["imported"] = True
    result["version"] = str(torch.__version__)
    result["debugBuild"] = bool(torch.version.debug)
    try:
        result["numThreads"] = torch.get_num_threads()
    except Exception as exc:  # noqa: BLE001
        errors["numThreads"] = could_not(exc)
    cuda_facts(torch, result, errors)
    mps_facts(torch, result, errors)
    return result


def main():
    result = empty_result({})
    started = time.perf_counter()
    try:
        import torch
    except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are data here too
        if isinstance(exc, KeyboardInterrupt):
            raise
        result["importError"] = {"type": type(exc).__name__, "message": str(exc),
                                 "traceback": traceback.format_exc()}
    else:
        facts(torch, result)
    result["importSeconds"] = round(time.perf_counter() - started, 3)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
