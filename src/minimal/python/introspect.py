"""Derives a JSON Schema from installed code: a config class's or constructor's signature, for the config-drift diff.

Stdlib only (transformers is used when the class is a transformers config). Never raises on a type
it cannot map: that becomes {"x-python-type": "..."}. The family's config stage emits the result as
an `introspection` event with the user's raw config beside it; the Node side diffs the two.
"""
import dataclasses
import inspect
import typing

from dtts_common import jsonable, read_config

_SCALARS = {int: "integer", float: "number", bool: "boolean", str: "string", list: "array", tuple: "array",
            dict: "object", type(None): "null"}
_NAMES = {"int": "integer", "float": "number", "bool": "boolean", "str": "string", "list": "array", "tuple": "array",
          "dict": "object", "None": "null", "NoneType": "null"}
# Keys every transformers config serialises whatever its class: they are never drift.
_HF_BOOKKEEPING = {"model_type", "transformers_version", "_name_or_path", "architectures", "_commit_hash",
                   "_attn_implementation_autoset", "auto_map", "torch_dtype", "dtype"}


def _qualname(obj):
    return "%s.%s" % (getattr(obj, "__module__", "?"), getattr(obj, "__qualname__", repr(obj)))


def _type_of_annotation(ann):
    """A JSON Schema fragment for a Python annotation; unknown types keep their Python name."""
    if ann is inspect.Parameter.empty or ann is None:
        return {}
    if isinstance(ann, str):
        names = [p.strip() for p in ann.replace("Optional[", "").replace("]", "").replace("|", ",").split(",")]
        types = [_NAMES[n] for n in names if n in _NAMES]
        return {"type": types[0] if len(types) == 1 else types} if types and len(types) == len(names) else {"x-python-type": ann}
    if ann in _SCALARS:
        return {"type": _SCALARS[ann]}
    origin = typing.get_origin(ann)
    if origin in (list, tuple, dict):
        return {"type": _SCALARS[origin]}
    if origin is typing.Literal:
        return {"enum": [jsonable(a) for a in typing.get_args(ann)]}
    if origin is typing.Union or type(ann).__name__ == "UnionType":
        parts = [_type_of_annotation(a) for a in typing.get_args(ann)]
        types = [p["type"] for p in parts if isinstance(p.get("type"), str)]
        if len(types) == len(parts):
            return {"type": sorted(set(types))}
    return {"x-python-type": getattr(ann, "__name__", None) or repr(ann)}


def _type_of_default(value):
    if value is inspect.Parameter.empty:
        return {}
    for cls, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), ((list, tuple), "array"),
                      (dict, "object")):
        if isinstance(value, cls):
            return {"type": name}
    return {}


def _property(annotation, default):
    prop = _type_of_annotation(annotation)
    if not prop.get("type") and not prop.get("enum"):
        # No usable annotation: the default's type is what the code was written for.
        guessed = _type_of_default(default)
        prop = dict(guessed, **({"x-python-type": prop["x-python-type"]} if "x-python-type" in prop and not guessed else {}))
    if default is not inspect.Parameter.empty:
        prop["default"] = jsonable(default)
        if default is None and isinstance(prop.get("type"), str):
            prop["type"] = [prop["type"], "null"]
    return prop


def signature_schema(fn, title, skip=("self",)):
    """Properties, required keys and whether **kwargs swallows unknown keys, from inspect.signature."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError) as exc:
        return {"title": title, "type": "object", "properties": {}, "x-error": "no signature: %s" % exc}
    props, required, extra = {}, [], False
    for name, p in sig.parameters.items():
        if name in skip:
            continue
        if p.kind is p.VAR_KEYWORD:
            extra = True
            continue
        if p.kind is p.VAR_POSITIONAL:
            continue
        props[name] = _property(p.annotation, p.default)
        if p.default is p.empty:
            required.append(name)
    schema = {"title": title, "type": "object", "properties": props, "x-accepts-extra": extra}
    if required:
        schema["required"] = required
    return schema


def dataclass_schema(cls):
    props, required = {}, []
    hints = {}
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001 - forward references that do not resolve keep their text
        hints = {f.name: f.type for f in dataclasses.fields(cls)}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        default = f.default
        if default is dataclasses.MISSING and f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
            try:
                default = f.default_factory()  # type: ignore[misc]
            except Exception:  # noqa: BLE001
                default = inspect.Parameter.empty
        if default is dataclasses.MISSING:
            default = inspect.Parameter.empty
            required.append(f.name)
        props[f.name] = _property(hints.get(f.name, f.type), default)
    schema = {"title": _qualname(cls), "type": "object", "properties": props, "x-accepts-extra": False,
              "x-source": "dataclasses.fields(%s)" % cls.__name__}
    if required:
        schema["required"] = required
    return schema


def _is_hf_config(cls):
    return any(c.__name__ in ("PretrainedConfig", "PreTrainedConfig") for c in getattr(cls, "__mro__", ()))


def _hf_sub_config_class(cls, key, user_value, default_instance):
    sub = (getattr(cls, "sub_configs", None) or {}).get(key)
    if sub is None:
        return None
    if getattr(sub, "__name__", "") == "AutoConfig":
        model_type = (user_value or {}).get("model_type") if isinstance(user_value, dict) else None
        model_type = model_type or getattr(getattr(default_instance, key, None), "model_type", None)
        try:
            from transformers import CONFIG_MAPPING
            return CONFIG_MAPPING[model_type] if model_type else None
        except Exception:  # noqa: BLE001
            return None
    return sub


def hf_config_schema(cls, user_config=None, depth=0):
    """A transformers config: __init__'s parameters, the keys its defaults serialise, attribute_map aliases, sub-configs."""
    schema = signature_schema(cls.__init__, _qualname(cls))
    schema["x-source"] = "inspect.signature(%s.__init__) and %s().to_dict()" % (cls.__name__, cls.__name__)
    try:
        default = cls()
        serialised = default.to_dict()
    except Exception as exc:  # noqa: BLE001 - a config that cannot build with defaults still has a signature
        default, serialised = None, {}
        schema["x-error"] = "%s() failed: %s: %s" % (cls.__name__, type(exc).__name__, exc)
    props = schema["properties"]
    for key, value in serialised.items():
        if key not in props and key not in _HF_BOOKKEEPING and not key.startswith("_"):
            props[key] = _property(inspect.Parameter.empty, value)
            props[key]["x-from"] = "to_dict"
    # transformers keeps a key its __init__ does not name as a plain attribute nobody reads: accepted, ignored.
    schema["x-accepts-extra"] = True
    schema["x-aliases"] = {k: v for k, v in (getattr(cls, "attribute_map", None) or {}).items()}
    schema["x-known"] = sorted(_HF_BOOKKEEPING)
    schema["x-model-type"] = getattr(cls, "model_type", None) or None
    user = user_config if isinstance(user_config, dict) else {}
    if depth < 2:
        for key in list(getattr(cls, "sub_configs", None) or {}):
            sub = _hf_sub_config_class(cls, key, user.get(key), default)
            if sub is not None:
                nested = hf_config_schema(sub, user.get(key), depth + 1)
                nested["default"] = props.get(key, {}).get("default")
                nested["type"] = ["object", "null"]
                props[key] = nested
    return schema


def schema_for(cls, user_config=None):
    """The schema for whatever the config dict is handed to: a transformers config, a dataclass, or a callable."""
    if inspect.isclass(cls) and _is_hf_config(cls):
        return hf_config_schema(cls, user_config)
    if dataclasses.is_dataclass(cls) and inspect.isclass(cls):
        return dataclass_schema(cls)
    target = cls.__init__ if inspect.isclass(cls) else cls
    schema = signature_schema(target, _qualname(cls))
    schema["x-source"] = "inspect.signature(%s)" % _qualname(cls)
    return schema


def read_user_config(path):
    """The config exactly as the user wrote it (JSON or YAML), or None when it cannot be read: config stage says why."""
    try:
        value = read_config(path)
        return value if isinstance(value, dict) else None
    except Exception:  # noqa: BLE001
        return None


def emit(ctx, cls, user_config, source):
    """Sends the derived schema and the user's config to the Node side; never fails the stage."""
    if not callable(getattr(ctx, "emit", None)) or not isinstance(user_config, dict):
        return
    try:
        schema = schema_for(cls, user_config)
    except Exception as exc:  # noqa: BLE001
        schema = {"title": _qualname(cls), "type": "object", "properties": {}, "x-error": "%s: %s" % (type(exc).__name__, exc)}
    ctx.emit({"type": "introspection", "stage": "config", "configClass": _qualname(cls), "source": source,
              "schema": schema, "config": user_config})
