/*
 * gs1-codes.h — is this a code the standard names: ISO 3166-1 countries
 * (numeric, alpha-2), ISO 4217 currencies (numeric), (7041) package types.
 */
#ifndef TALLY_BARCODE_GS1_CODES_H
#define TALLY_BARCODE_GS1_CODES_H

#include <stddef.h>

int gs1_code_country_numeric(unsigned code); /* 578: Norway */
int gs1_code_country_alpha2(const char *s);  /* two bytes: "NO" */
int gs1_code_currency(unsigned code);        /* 578: NOK */
int gs1_code_package_type(const char *s, size_t n);

#endif
