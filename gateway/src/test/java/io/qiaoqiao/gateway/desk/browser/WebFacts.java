package io.qiaoqiao.gateway.desk.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The ticket page's list of facts (状态, 志愿者, 期限, …) as the page shows them. */
record WebFacts(DeskBrowser browser) {
    String value(String term) {
        List<WebElement> terms = browser.driver().findElements(By.cssSelector("#facts dt"));
        for (WebElement dt : terms) {
            if (dt.getText().equals(term)) {
                return dt.findElement(By.xpath("following-sibling::dd[1]")).getText();
            }
        }
        return "";
    }
}
