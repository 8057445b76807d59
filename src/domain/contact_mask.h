#pragma once
// The contact a code was sent to, as a page shows it to whoever asked (issue 16: signing in and
// recovering access to a case). The person on the page may not be the owner of the contact (any
// reference can be typed), so the screen says less than staff screens (MaskContact): enough for
// the owner to recognise where to look, too little to learn the address.
//
// Invariants:
//  * An email shows only "…@" and its domain; a phone only its country code (+973 only) and its
//    last two digits, the rest as "••••". Nothing else of the contact ever reaches the page.
//  * Anything that is neither (empty, no '@', too few digits) masks to "" rather than leak.

#include <string>

#include "domain/citizen_account.h"

namespace tawasul::domain {

// "…@example.com" or "+973 •••• 12"; "" when there is nothing safe to show.
std::string MaskForScreen(const Contact& contact);

}  // namespace tawasul::domain
