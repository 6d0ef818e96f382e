"""Django's own strings that Liaison's pages show and Django ships no translation of: none at all for
Lao, and no time spans for Vietnamese ("for 46 minutes" read in English inside a Vietnamese page).
Repeated here, never called, so that `makemessages` puts them into Liaison's catalogues, which come
first (LOCALE_PATHS) and so fill the gaps; the msgids must stay exactly Django's."""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

# django.utils.timesince.TIME_STRINGS (the |timesince filter)
TIME_STRINGS = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)

# django.template.defaultfilters.filesizeformat
FILE_SIZES = (
    ngettext_lazy("%(size)d byte", "%(size)d bytes", "size"),
    gettext_noop("%s KB"),
    gettext_noop("%s MB"),
    gettext_noop("%s GB"),
)

# django.utils.dates.MONTHS and MONTHS_ALT (the "F" and "E" date formats, the admin's date filters)
MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)

# django.contrib.admin's page frame, which a Lao administrator otherwise reads in English
ADMIN = (
    gettext_noop("Welcome,"),
    gettext_noop("View site"),
    gettext_noop("Change password"),
    gettext_noop("Home"),
    gettext_noop("Add"),
    gettext_noop("Change"),
    gettext_noop("View"),
    gettext_noop("Save"),
    gettext_noop("Delete"),
    gettext_noop("Search"),
    gettext_noop("Filter"),
    gettext_noop("All"),
    gettext_noop("Recent actions"),
    gettext_noop("My actions"),
    gettext_noop("None available"),
)
