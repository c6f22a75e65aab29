"""Environment probe for debug-tts: stdlib only, never raises, prints one JSON document.

In the style of PyTorch's collect_env.py: every field is declared up front, each collector
is guarded, and a field that cannot be collected stays null with the reason in `errors`.
It reads; it never installs, imports third-party code or writes anything.
"""
import json
import os
import platform
import re
import sys

PROBE_VERSION = "1.0.0"

# Variables that change how TTS stacks load; values of secret-looking ones never leave here.
ENV_PREFIXES = ("HF_", "HUGGINGFACE_", "TRANSFORMERS_", "TORCH_", "PYTORCH_", "CUDA_",
                "ESPEAK", "PHONEMIZER", "COQUI_", "TTS_", "KOKORO", "PIPER", "ORT_",
                "ONNXRUNTIME", "MLX_", "PIP_", "UV_", "CONDA_", "PYENV", "OMP_", "MKL_")
ENV_NAMES = ("GOOGLE_APPLICATION_CREDENTIALS", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME",
             "PYTHONNOUSERSITE", "LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "XDG_CACHE_HOME",
             "SPACY_DATA", "NLTK_DATA", "PATH")
SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE|AUTH|CREDENTIAL_?JSON",
                         re.IGNORECASE)
SECRET_VALUE = re.compile(r"\b(hf_[A-Za-z0-9]{8,}|sk-[A-Za-z0-9_-]{8,}|AKIA[0-9A-Z]{12,}|gh[pousr]_[A-Za-z0-9]{8,}|AIza[0-9A-Za-z_-]{20,})")
URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<cred>[^/@\s]+)@", re.IGNORECASE)
REDACTED = "<redacted>"


def could_not(exc):
    return "could not collect: %s: %s" % (type(exc).__name__, exc)


def redact(name, value):
    if SECRET_NAME.search(name):
        return REDACTED if value else ""
    value = URL_CREDENTIALS.sub(lambda m: m.group("scheme") + REDACTED + "@", value)
    return SECRET_VALUE.sub(REDACTED, value)


def collect_python():
    impl = sys.implementation
    return {
        "executable": sys.executable or None,
        "version": platform.python_version(),
        "versionInfo": [sys.version_info[0], sys.version_info[1], sys.version_info[2],
                        sys.version_info[3], sys.version_info[4]],
        "implementation": impl.name,
        "compiler": platform.python_compiler(),
        "bits": 64 if sys.maxsize > 2 ** 32 else 32,
    }


def read_os_name():
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("PRETTY_NAME="):
                        return line.split("=", 1)[1].strip().strip('"')
        except OSError:
            continue
    if sys.platform == "darwin":
        return "macOS " + platform.mac_ver()[0]
    return None


def collect_platform():
    libc_name, libc_version = platform.libc_ver()
    return {
        "system": platform.system() or None,
        "release": platform.release() or None,
        "machine": platform.machine() or None,
        "platform": platform.platform(),
        "libc": {"name": libc_name, "version": libc_version} if libc_name else None,
        "osName": read_os_name(),
        "macVersion": platform.mac_ver()[0] or None,
    }


def read_pyvenv_cfg(prefix):
    path = os.path.join(prefix, "pyvenv.cfg")
    if not os.path.isfile(path):
        return None
    values = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if "=" in line:
                key, _, val = line.partition("=")
                values[key.strip()] = val.strip()
    return values


def collect_prefixes():
    base = getattr(sys, "base_prefix", sys.prefix)
    return {
        "prefix": sys.prefix,
        "basePrefix": base,
        "execPrefix": sys.exec_prefix,
        "isVenv": sys.prefix != base,
        "pyvenvCfg": read_pyvenv_cfg(sys.prefix),
        "isConda": os.path.isdir(os.path.join(sys.prefix, "conda-meta")),
        "condaPrefix": os.environ.get("CONDA_PREFIX") or None,
    }


def collect_paths():
    import site
    try:
        site_packages = list(site.getsitepackages())
    except AttributeError:  # old virtualenv's site module has no getsitepackages
        site_packages = [p for p in sys.path if p.endswith("site-packages")]
    return {
        "sitePackages": site_packages,
        "userSite": site.getusersitepackages() if hasattr(site, "getusersitepackages") else None,
        "userSiteEnabled": bool(site.ENABLE_USER_SITE),
        "sysPath": list(sys.path),
    }


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def dist_location(dist):
    try:
        return str(dist.locate_file("")) or None
    except Exception:  # noqa: BLE001 - a custom finder may not support locate_file
        return None


def collect_distributions():
    from importlib import metadata
    seen = {}
    order = []
    for dist in metadata.distributions():
        meta = dist.metadata
        name = meta.get("Name") if meta is not None else None
        if not name:
            continue
        installer = None
        try:
            installer = (dist.read_text("INSTALLER") or "").strip() or None
        except Exception:  # noqa: BLE001
            installer = None
        entry = {
            "name": name,
            "version": dist.version or "",
            "requiresPython": meta.get("Requires-Python"),
            "requiresDist": list(dist.requires or []),
            "location": dist_location(dist),
            "installer": installer,
        }
        key = normalise(name)
        seen.setdefault(key, []).append(entry)
        if len(seen[key]) == 1:
            order.append(key)
    # metadata.distributions() walks sys.path in order, so the first entry is the one imported.
    dists = [seen[key][0] for key in order]
    shadowed = [{"name": seen[key][0]["name"],
                 "versions": [e["version"] for e in seen[key]],
                 "locations": [e["location"] or "" for e in seen[key]]}
                for key in order if len(seen[key]) > 1]
    dists.sort(key=lambda d: normalise(d["name"]))
    return dists, shadowed


def collect_pip():
    import importlib.util
    from importlib import metadata
    available = importlib.util.find_spec("pip") is not None
    version = None
    if available:
        try:
            version = metadata.version("pip")
        except metadata.PackageNotFoundError:
            version = None
    return {"available": available, "version": version}


def espeak_from_loader():
    """espeakng-loader ships its own libespeak-ng; find it without importing the package."""
    import importlib.util
    spec = importlib.util.find_spec("espeakng_loader")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        for dirpath, _dirs, files in os.walk(root):
            for f in files:
                if f.startswith("libespeak-ng") or f.startswith("espeak-ng.dll"):
                    return os.path.join(dirpath, f)
    return None


def collect_espeak():
    import ctypes.util
    import shutil
    library = None
    for name in ("espeak-ng", "espeak"):
        library = ctypes.util.find_library(name)
        if library:
            break
    return {
        "library": library,
        "binary": shutil.which("espeak-ng") or shutil.which("espeak"),
        "phonemizerLibraryEnv": os.environ.get("PHONEMIZER_ESPEAK_LIBRARY") or None,
        "loaderPackageLibrary": espeak_from_loader(),
    }


def collect_env_vars():
    out = {}
    for name in sorted(os.environ):
        if name.startswith(ENV_PREFIXES) or name in ENV_NAMES:
            out[name] = redact(name, os.environ[name])
    return out


def read_meminfo():
    values = {}
    with open("/proc/meminfo", encoding="ascii") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            parts = rest.split()
            if parts:
                values[key] = int(parts[0]) * 1024
    return values.get("MemTotal"), values.get("MemAvailable")


def read_memory():
    if os.path.exists("/proc/meminfo"):
        return read_meminfo()
    if sys.platform == "darwin":
        import subprocess
        total = int(subprocess.run(["sysctl", "-n", "hw.memsize"], capture_output=True,
                                   text=True, timeout=5, check=True).stdout.strip())
        return total, None
    return None, None


def collect_disk():
    import shutil
    paths = {"cwd": os.getcwd(), "prefix": sys.prefix,
             "hfCache": os.environ.get("HF_HOME") or os.path.join(os.path.expanduser("~"), ".cache")}
    out = {}
    for label, path in paths.items():
        while path and not os.path.exists(path):
            path = os.path.dirname(path)
        if path:
            out[label] = shutil.disk_usage(path).free
    return out


def guarded(errors, field, fn, default=None):
    try:
        return fn()
    except BaseException as exc:  # noqa: BLE001 - the probe must never raise
        if isinstance(exc, KeyboardInterrupt):
            raise
        errors[field] = could_not(exc)
        return default


def in_background(errors, field, fn):
    """Runs fn in a thread: espeak's lookup waits on `ldconfig -p` (a subprocess), and the rest of
    the probe goes on meanwhile. Returns a function that waits and gives the result."""
    import threading
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault("value", guarded(errors, field, fn)), daemon=True)
    thread.start()

    def result():
        thread.join()
        return box.get("value")
    return result


def main():
    errors = {}
    espeak = in_background(errors, "espeak", collect_espeak)
    empty_python = dict.fromkeys(("executable", "version", "versionInfo", "implementation",
                                  "compiler", "bits"))
    result = {
        "probeVersion": PROBE_VERSION,
        "python": guarded(errors, "python", collect_python, empty_python),
        "platform": guarded(errors, "platform", collect_platform,
                            dict.fromkeys(("system", "release", "machine", "platform", "libc",
                                           "osName", "macVersion"))),
        "prefixes": guarded(errors, "prefixes", collect_prefixes,
                            dict.fromkeys(("prefix", "basePrefix", "execPrefix", "isVenv",
                                           "pyvenvCfg", "isConda", "condaPrefix"))),
        "paths": guarded(errors, "paths", collect_paths,
                         dict.fromkeys(("sitePackages", "userSite", "userSiteEnabled", "sysPath"))),
        "distributions": None,
        "shadowedDistributions": None,
        "pip": guarded(errors, "pip", collect_pip),
        "espeak": None,
        "envVars": guarded(errors, "envVars", collect_env_vars),
        "resources": {"cpuCount": os.cpu_count(), "memTotalBytes": None,
                      "memAvailableBytes": None, "diskFreeBytes": None},
        "errors": errors,
    }
    dists = guarded(errors, "distributions", collect_distributions)
    if dists is not None:
        result["distributions"], result["shadowedDistributions"] = dists
    memory = guarded(errors, "resources.memory", read_memory, (None, None))
    result["resources"]["memTotalBytes"], result["resources"]["memAvailableBytes"] = memory
    result["resources"]["diskFreeBytes"] = guarded(errors, "resources.diskFreeBytes", collect_disk)
    result["espeak"] = espeak()
    sys.stdout.write(json.dumps(result))
    sys.stdout.write("\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
