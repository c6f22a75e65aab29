"""Google Cloud Text-to-Speech family: credentials presence and client construction only (no network).

Options: credentialsFile (default: GOOGLE_APPLICATION_CREDENTIALS, then gcloud's application
default credentials). A cloud provider must only initialise when credentials are present: this
family says whether it would, without calling the service.
"""
import json
import os

import dtts_common as common
from dtts_common import NotApplicable, Skip

NOT_APPLICABLE = {
    "construct-full-meta": "a cloud provider has no local model",
    "load-weights": "a cloud provider has no local weights",
    "load-voice": "voices live in the service: listing them needs the network",
    "synthesize": "synthesis calls the service: debug-tts does not use the network",
}
ADC = os.path.join(os.path.expanduser("~"), ".config", "gcloud", "application_default_credentials.json")


def preflight(ctx):
    try:
        found = common.find_specs(("google.cloud.texttospeech",))
    except ModuleNotFoundError:
        # `google` is a namespace (protobuf brings one): find_spec then fails on google.cloud, a name
        # no distribution is called. Name the module the provider needs.
        found = {"google.cloud.texttospeech": False}
    details = {"found": found, "versions": common.versions(["google-cloud-texttospeech", "google-auth", "grpcio"])}
    if not found["google.cloud.texttospeech"]:
        raise ModuleNotFoundError("No module named 'google.cloud.texttospeech'", name="google.cloud.texttospeech")
    return details


def import_(ctx):
    from google.cloud import texttospeech
    ctx.state["tts"] = texttospeech
    return {"client": "TextToSpeechClient"}


def _credentials_file(ctx):
    for source, path in (("credentialsFile option", ctx.option("credentialsFile")),
                         ("GOOGLE_APPLICATION_CREDENTIALS", os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")),
                         ("gcloud application default credentials", ADC if os.path.exists(ADC) else None)):
        if path:
            return source, path
    return None, None


def config(ctx):
    source, path = _credentials_file(ctx)
    if not path:
        raise FileNotFoundError("no Google Cloud credentials: GOOGLE_APPLICATION_CREDENTIALS is unset and %s does not exist; "
                                "the provider must stay disabled" % ADC)
    if not os.path.isfile(path):
        raise FileNotFoundError("GOOGLE_APPLICATION_CREDENTIALS points to %s, which does not exist" % path)
    with open(path, encoding="utf-8") as fh:
        info = json.load(fh)
    kind = info.get("type")
    if kind not in ("service_account", "authorized_user", "external_account"):
        raise ValueError("%s is not a Google credentials file (type %r)" % (path, kind))
    ctx.state["credentials_path"] = path
    # Never echo secrets: only the kind and the project.
    return {"source": source, "type": kind, "project": info.get("project_id") or info.get("quota_project_id")}


def construct_minimal(ctx):
    from google.oauth2 import service_account
    path = ctx.state["credentials_path"]
    with open(path, encoding="utf-8") as fh:
        kind = json.load(fh).get("type")
    if kind != "service_account":
        raise NotApplicable("client construction is checked for service-account files only")
    credentials = service_account.Credentials.from_service_account_file(path)
    ctx.state["tts"].TextToSpeechClient(credentials=credentials)  # builds the transport; no request is sent
    return {"client": "constructed", "serviceAccount": credentials.service_account_email}
