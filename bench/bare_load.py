"""The baseline for `npm run bench`: the same family stage functions, called in a plain loop in one process.

No event stream, no memory sampling, no debug-tts: what a person would write by hand to load the model.
Prints one JSON line with the wall time inside Python and the kernel's ru_maxrss.
Usage: python bare_load.py FAMILY OPTIONS_JSON
"""
import importlib.util
import json
import keyword
import os
import resource
import sys
import time

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "minimal", "python")
sys.path.insert(0, HERE)
import dtts_common  # noqa: E402
from stage_runner import STAGES, Context  # noqa: E402

family_name, options = sys.argv[1], json.loads(sys.argv[2])
spec = importlib.util.spec_from_file_location("bare_family", os.path.join(HERE, "families", family_name + ".py"))
family = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = family
spec.loader.exec_module(family)
ctx = Context({"family": family_name, "target": options})
started = time.perf_counter()
for stage in STAGES:
    attr = stage.replace("-", "_")
    fn = getattr(family, attr + "_" if keyword.iskeyword(attr) else attr, None)
    if fn is None:
        continue
    try:
        fn(ctx)
    except dtts_common.Skip:
        pass
print(json.dumps({"seconds": time.perf_counter() - started, "maxRss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
