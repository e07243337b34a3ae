"""nodemailer's well-known SMTP services, as Kibana 7.7/7.8's email type looks them up.

The services.json of nodemailer 6.4 (the version those Kibana releases bundled; read from a public
copy of nodemailer from that time), flattened the way lib/well-known/index.js does it: every name,
alias and domain, normalised, to the service's host (None for Maildev, which has none).
"""

from __future__ import annotations

import re

# normalised name, alias or domain -> SMTP host
SERVICE_HOSTS: dict[str, str | None] = {
    "1und1": "smtp.1und1.de",
    "aol": "smtp.aol.com",
    "aol.com": "smtp.aol.com",
    "debugmail": "debugmail.io",
    "dynectemail": "smtp.dynect.net",
    "dynect": "smtp.dynect.net",
    "fastmail": "smtp.fastmail.com",
    "fastmail.fm": "smtp.fastmail.com",
    "gandimail": "mail.gandi.net",
    "gandi": "mail.gandi.net",
    "gmail": "smtp.gmail.com",
    "googlemail": "smtp.gmail.com",
    "gmail.com": "smtp.gmail.com",
    "googlemail.com": "smtp.gmail.com",
    "godaddy": "smtpout.secureserver.net",
    "godaddyasia": "smtp.asia.secureserver.net",
    "godaddyeurope": "smtp.europe.secureserver.net",
    "hot.ee": "mail.hot.ee",
    "hotmail": "smtp.live.com",
    "outlook": "smtp.live.com",
    "outlook.com": "smtp.live.com",
    "hotmail.com": "smtp.live.com",
    "icloud": "smtp.mail.me.com",
    "me": "smtp.mail.me.com",
    "mac": "smtp.mail.me.com",
    "me.com": "smtp.mail.me.com",
    "mac.com": "smtp.mail.me.com",
    "mail.ee": "smtp.mail.ee",
    "mail.ru": "smtp.mail.ru",
    "maildev": None,
    "mailgun": "smtp.mailgun.org",
    "mailjet": "in.mailjet.com",
    "mailosaur": "mailosaur.io",
    "mailtrap": "smtp.mailtrap.io",
    "mandrill": "smtp.mandrillapp.com",
    "naver": "smtp.naver.com",
    "one": "send.one.com",
    "openmailbox": "smtp.openmailbox.org",
    "omb": "smtp.openmailbox.org",
    "openmailbox.org": "smtp.openmailbox.org",
    "outlook365": "smtp.office365.com",
    "postmark": "smtp.postmarkapp.com",
    "postmarkapp": "smtp.postmarkapp.com",
    "qiye.aliyun": "smtp.mxhichina.com",
    "qq": "smtp.qq.com",
    "qq.com": "smtp.qq.com",
    "qqex": "smtp.exmail.qq.com",
    "qqenterprise": "smtp.exmail.qq.com",
    "exmail.qq.com": "smtp.exmail.qq.com",
    "sendcloud": "smtpcloud.sohu.com",
    "sendgrid": "smtp.sendgrid.net",
    "sendinblue": "smtp-relay.sendinblue.com",
    "sendpulse": "smtp-pulse.com",
    "ses": "email-smtp.us-east-1.amazonaws.com",
    "ses-us-east-1": "email-smtp.us-east-1.amazonaws.com",
    "ses-us-west-2": "email-smtp.us-west-2.amazonaws.com",
    "ses-eu-west-1": "email-smtp.eu-west-1.amazonaws.com",
    "sparkpost": "smtp.sparkpostmail.com",
    "sparkpostmail": "smtp.sparkpostmail.com",
    "sparkpost.com": "smtp.sparkpostmail.com",
    "tipimail": "smtp.tipimail.com",
    "yahoo": "smtp.mail.yahoo.com",
    "yahoo.com": "smtp.mail.yahoo.com",
    "yandex": "smtp.yandex.ru",
    "yandex.ru": "smtp.yandex.ru",
    "zoho": "smtp.zoho.com",
    "126": "smtp.126.com",
    "163": "smtp.163.com",
}

_NOT_KEY = re.compile(r"[^a-zA-Z0-9.-]")


def service_host(service: str) -> str | None:
    """The host nodemailer resolves a service name (or an address's domain) to, or None."""
    key = _NOT_KEY.sub("", service.rsplit("@", maxsplit=1)[-1]).lower()
    return SERVICE_HOSTS.get(key)
