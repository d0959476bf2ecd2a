"""The currencies a ticket may be sold in: ones a payment provider can charge.

ISO 4217 also lists fund codes, units of account and special codes (USN, BOV, CHE, CHW, COU,
MXV, UYI, CLF, UYW, XDR, XSU, XUA, XTS, XXX, precious metals) that no card is charged in. This
list is Stripe's presentment currencies (its documentation's list, with the three-decimal
BHD, JOD, KWD, OMR and TND), less the codes ISO 4217 has withdrawn since (ANG, BGN, EEK, HRK,
LTL, LVL, MRO, SLL, STD, VEF): a price in any of these can be paid through Stripe and through the
test provider alike.
"""

from __future__ import annotations

_CODES = """
AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BIF BMD BND BOB BRL BSD BWP BZD CAD CDF
CHF CLP CNY COP CRC CVE CZK DJF DKK DOP DZD EGP ETB EUR FJD FKP GBP GEL GIP GMD GNF GTQ GYD HKD
HNL HTG HUF IDR ILS INR ISK JMD JPY KES KGS KHR KMF KRW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA
MKD MNT MOP MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN PYG QAR RON
RSD RUB RWF SAR SBD SCR SEK SGD SHP SOS SRD SVC SZL THB TJS TOP TRY TTD TWD TZS UAH UGX USD UYU
UZS VND VUV WST XAF XCD XOF XPF YER ZAR ZMW BHD JOD KWD OMR TND
"""
CHARGEABLE = frozenset(_CODES.split())


def chargeable(code: str) -> bool:
    return code in CHARGEABLE


# ISO 4217 minor units that are not 2; every other currency has two decimals. An amount is an
# integer in minor units: 100 KZT is 10000, 500 JPY is 500, 1.500 KWD is 1500.
_DIGITS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                     "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    **dict.fromkeys(("CLF", "UYW"), 4),
}


def minor_digits(currency: str) -> int:
    return _DIGITS.get(currency.upper(), 2)


def major(amount: int, currency: str) -> str:
    """An amount in minor units as a decimal in major units: `1500.00`, `500` (JPY), `1.500`
    (KWD). Shown to a reader, it is written their language's way (app/i18n, `money`)."""
    digits = minor_digits(currency)
    whole, part = divmod(amount, 10 ** digits)
    return f"{whole}.{part:0{digits}d}" if digits else str(whole)
