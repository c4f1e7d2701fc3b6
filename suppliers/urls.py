"""URL routes of the suppliers app (none are Wagtail pages). Included by portal/urls.py."""

from django.urls import path

from .views import directory, primes, profile, quotes

app_name = "suppliers"

urlpatterns = [
    path("suppliers/", directory.directory, name="directory"),
    path("suppliers/<int:supplier_id>/", directory.supplier_detail, name="detail"),
    path("suppliers/embed/", directory.embed, name="embed"),
    path("suppliers/market/", directory.market, name="market"),
    path("suppliers/sign-in/", profile.sign_in, name="sign_in"),
    path("suppliers/sign-in/check-your-email/", profile.check_email, name="check_email"),
    path("suppliers/sign-in/<str:token>/", profile.sign_in_link, name="sign_in_link"),
    path("suppliers/sign-out/", profile.sign_out, name="sign_out"),
    path("suppliers/profile/", profile.profile, name="profile"),
    path("suppliers/profile/edit/", profile.profile_edit, name="profile_edit"),
    path("suppliers/profile/download/", profile.download, name="download"),
    path("suppliers/profile/delete/", profile.delete, name="delete"),
    path("suppliers/quotes/", quotes.quote_list, name="quote_list"),
    path("suppliers/quotes/new/", quotes.quote_new, name="quote_new"),
    path("suppliers/quotes/<int:request_id>/", quotes.quote_detail, name="quote_detail"),
    path("suppliers/quote/<str:token>/", quotes.quote_answer, name="quote_answer"),
    path("suppliers/awards/", primes.award_list, name="award_list"),
    path("suppliers/awards/<int:award_id>/prime-link/", primes.prime_link_new, name="prime_link_new"),
    path("suppliers/prime/", primes.prime_home, name="prime_home"),
    path("suppliers/prime/link/<str:token>/", primes.prime_link, name="prime_link"),
    path("suppliers/prime/awards/<int:award_id>/subcontracts/new/", primes.subcontract_new, name="subcontract_new"),
    path("suppliers/prime/awards/<int:award_id>/report/", primes.report_award, name="report_award"),
    path("suppliers/prime/reports/<int:report_id>/delete/", primes.report_delete, name="report_delete"),
    path("suppliers/prime/subcontracts/<int:subcontract_id>/edit/", primes.subcontract_edit, name="subcontract_edit"),
    path("suppliers/subcontracts/", primes.subcontract_list, name="subcontract_list"),
    path("suppliers/subcontracts/<int:subcontract_id>/", primes.subcontract_detail, name="subcontract_detail"),
]
