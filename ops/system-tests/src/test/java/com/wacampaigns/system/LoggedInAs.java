package com.wacampaigns.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;

/**
 * A static {@link GatewayClient} field of a {@link SystemStackTest} class that is set to
 * a client logged in as one of the seed's users ({@link DemoData}): {@code demo} or
 * {@code admin}, whose passwords are their names.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@interface LoggedInAs {

	String value();

}
